// The /Meetings page: scheduling, and the upcoming and past lists with each meeting's answers and
// actions, drawn from the hub's answers and events and again whenever the clock changes what they show.
import { button, tag, named } from "../shell/people.js";
import { isolate, sentence } from "../shell/isolate.js";
import { me, when, over, joinable } from "./meeting.js";

const $ = (selector, root = document) => root.querySelector(selector);
const answerWords = { pending: "Not answered yet", accepted: "Accepted", declined: "Declined" };
// A datetime-local value is in the browser's time zone; the server keeps the instant (UTC).
const instant = (local) => new Date(local).toISOString();

export function createMeetingsPage(connection, { notify, contactList, joinMeeting }) {
  const form = $("[data-meeting-form]");
  const status = $("[data-meeting-status]");
  const invitees = $("[data-meeting-invitees]");
  const meetings = new Map();
  let loaded = false;
  const preselected = new URLSearchParams(location.search).get("with");

  function drawInvitees() {
    const checked = new Set([...invitees.querySelectorAll("input:checked")].map((box) => box.value));
    if (preselected && !invitees.dataset.preselected) checked.add(preselected);
    const contacts = contactList.all().filter((c) => c.relationship === "accepted");
    invitees.querySelectorAll("label").forEach((label) => label.remove());
    for (const { profile } of contacts) {
      const label = document.createElement("label");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.value = profile.id;
      box.checked = checked.has(profile.id);
      label.append(box, " ", ...named(profile));
      invitees.append(label);
    }
    if (contactList.loaded) invitees.dataset.preselected = "done";
    $("[data-meeting-no-contacts]").hidden = contacts.length > 0 || !contactList.loaded;
  }
  contactList.subscribe(drawInvitees);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    status.textContent = "";
    const data = new FormData(form);
    const local = data.get("startsAt");
    if (!local) return (status.textContent = "Choose when the meeting starts.");
    const reply = await connection.invoke("ScheduleMeeting", {
      title: data.get("title"),
      note: data.get("note"),
      startsAt: instant(local),
      durationMinutes: Number(data.get("duration")),
      invitees: [...invitees.querySelectorAll("input:checked")].map((box) => box.value),
    });
    if (!reply.ok) return (status.textContent = reply.error);
    form.reset();
    invitees.querySelectorAll("input").forEach((box) => (box.checked = false));
    status.textContent = "Scheduled. Everyone invited has been told.";
  });

  const act = async (method, ...args) => {
    const reply = await connection.invoke(method, ...args);
    if (!reply.ok) notify(reply.error);
    return reply;
  };

  function item(meeting) {
    const mine = meeting.organizer.id === me;
    const ended = over(meeting);
    const myAnswer = meeting.attendees.find((a) => a.profile.id === me)?.answer;
    const li = document.createElement("li");
    li.className = "meeting";
    li.dataset.meetingId = meeting.id;
    const title = document.createElement("h3");
    title.append(isolate(meeting.title));
    if (meeting.cancelled) title.append(" ", tag("Cancelled", "status cancelled"));
    const time = document.createElement("p");
    time.textContent = when(meeting);
    const organizer = document.createElement("p");
    organizer.append(...(mine ? ["You organize this meeting."] : sentence`Organized by ${named(meeting.organizer)}`));
    li.append(title, time, organizer);
    if (meeting.note) {
      const note = document.createElement("p");
      note.className = "note";
      note.append(isolate(meeting.note));
      li.append(note);
    }
    const people = document.createElement("ul");
    people.className = "attendees";
    people.setAttribute("aria-label", "Invited");
    for (const attendee of meeting.attendees) {
      const person = document.createElement("li");
      person.append(...named(attendee.profile), ` — ${answerWords[attendee.answer]}${ended && attendee.joined ? " · joined" : ""}`);
      people.append(person);
    }
    li.append(people);
    const actions = document.createElement("div");
    actions.className = "actions";
    if (!ended) {
      if (myAnswer) {
        // Toggle buttons: the one pressed is the answer given, shown filled and said as "pressed".
        const answer = (text, yes) => {
          const b = button(text, () => act("AnswerMeeting", meeting.id, yes), "secondary outline answer");
          b.setAttribute("aria-pressed", String(myAnswer === (yes ? "accepted" : "declined")));
          return b;
        };
        actions.append(answer("Accept", true), answer("Decline", false));
      }
      if (joinable(meeting)) actions.append(button("Join", () => joinMeeting(meeting.id)));
    }
    const download = document.createElement("a");
    download.setAttribute("role", "button");
    download.className = "secondary outline";
    download.href = `/meetings/${meeting.id}.ics`;
    download.download = "meeting.ics";
    download.textContent = "Download .ics";
    actions.append(download);
    if (mine && !ended) {
      const change = button("Reschedule", () => reschedule(li, meeting), "secondary outline");
      change.dataset.reschedule = "";
      actions.append(change);
      actions.append(button("Cancel meeting", () => act("CancelMeeting", meeting.id), "secondary outline"));
    }
    li.append(actions);
    return li;
  }

  // The Reschedule button opens the form and, pressed again, closes it without a change.
  function reschedule(li, meeting) {
    if ($("form", li)) return $("form", li).remove();
    const edit = document.createElement("form");
    edit.className = "reschedule";
    const start = new Date(meeting.startsAt);
    const local = new Date(start.getTime() - start.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    edit.innerHTML = `<label>New start <input type="datetime-local" name="startsAt" required></label>
      <label>Minutes <input type="number" name="duration" min="1" max="1440" required></label>
      <button type="submit">Save</button>`;
    edit.startsAt.value = local;
    edit.duration.value = meeting.durationMinutes;
    edit.addEventListener("submit", async (event) => {
      event.preventDefault();
      const reply = await act("RescheduleMeeting", meeting.id, instant(edit.startsAt.value), Number(edit.duration.value));
      if (reply.ok) edit.remove();
    });
    li.append(edit);
  }

  let redraw = null;
  function draw() {
    const all = [...meetings.values()];
    const past = all.filter((m) => over(m)).sort((a, b) => Date.parse(b.startsAt) - Date.parse(a.startsAt));
    const upcoming = all.filter((m) => !past.includes(m)).sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
    // The page redraws as time passes and as others answer: a reschedule form being filled in stays,
    // with what was typed and where the cursor was.
    const editing = [...$("[data-meetings-upcoming]").querySelectorAll("li.meeting > form.reschedule")];
    const focused = document.activeElement;
    $("[data-meetings-upcoming]").replaceChildren(...upcoming.map(item));
    for (const form of editing) {
      const li = $(`li.meeting[data-meeting-id="${form.closest("li").dataset.meetingId}"]`, $("[data-meetings-upcoming]"));
      if (!li || !$("[data-reschedule]", li)) continue;
      li.append(form);
      if (form.contains(focused)) focused.focus();
    }
    $("[data-meetings-past]").replaceChildren(...past.map(item));
    $("[data-meetings-loading]").hidden = loaded;
    $("[data-meetings-upcoming-empty]").hidden = !loaded || upcoming.length > 0;
    $("[data-meetings-past-empty]").hidden = !loaded || past.length > 0;
    // Nobody tells the page when a call opens or a meeting ends: it draws itself again at the next such moment.
    const now = Date.now();
    const next = Math.min(...upcoming.flatMap((m) => [Date.parse(m.joinOpensAt), Date.parse(m.endsAt)]).filter((t) => t > now));
    clearTimeout(redraw);
    if (next !== Infinity) redraw = setTimeout(draw, Math.min(next - now + 50, 2 ** 31 - 1));
  }

  return {
    show(list) {
      meetings.clear();
      list.forEach((m) => meetings.set(m.id, m));
      loaded = true;
      draw();
    },
    put(meeting) {
      meetings.set(meeting.id, meeting);
      draw();
    },
  };
}
