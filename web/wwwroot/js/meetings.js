// Meetings: on every page, the live notices (an invitation, a change, "Meeting starting" with Join);
// on /Meetings, scheduling and the upcoming and past lists, redrawn from the hub's answers and events.
import { button, tag, named } from "./people.js";
import { isolate, sentence } from "./isolate.js";

const $ = (selector, root = document) => root.querySelector(selector);
const answerWords = { pending: "Not answered yet", accepted: "Accepted", declined: "Declined" };
const me = document.body.dataset.userId;

const when = (meeting) =>
  `${new Date(meeting.startsAt).toLocaleString([], { dateStyle: "medium", timeStyle: "short" })} · ${meeting.durationMinutes} minutes`;
// The server decides when a meeting's call opens and when the meeting is over; the page only compares with the clock.
const over = (meeting, now = Date.now()) => meeting.cancelled || Date.parse(meeting.endsAt) < now;
const joinable = (meeting, now = Date.now()) => !over(meeting, now) && Date.parse(meeting.joinOpensAt) <= now;
// A datetime-local value is in the browser's time zone; the server keeps the instant (UTC).
const instant = (local) => new Date(local).toISOString();

export function setUpMeetings(connection, { notify, roster, joinMeeting }) {
  const starting = $("[data-meeting-starting]");
  const page = $("[data-meetings]") ? createMeetingsPage(connection, { notify, roster, joinMeeting }) : null;

  // Not modal (the page stays usable), so it has no <dialog> of its own: Escape means Later, and
  // focus goes back to where the person was.
  let before = null;
  // "Later" holds for the rest of this tab's visit, so the prompt does not come back on every page.
  const later = new Set(JSON.parse(sessionStorage.getItem("viv.meetings.later") ?? "[]"));
  const close = () => {
    starting.hidden = true;
    if (starting.contains(document.activeElement) && before?.isConnected) before.focus();
  };
  const dismiss = () => {
    later.add(starting.dataset.meetingId);
    sessionStorage.setItem("viv.meetings.later", JSON.stringify([...later]));
    close();
  };
  const show = ({ meetingId, title }) => {
    $("[data-meeting-starting-name]").replaceChildren(isolate(title));
    starting.dataset.meetingId = meetingId;
    if (starting.hidden) before = document.activeElement;
    starting.hidden = false;
    $("[data-meeting-starting-join]").focus({ focusVisible: true });
  };
  connection.on("meetingStarting", show);
  $("[data-meeting-starting-join]").addEventListener("click", () => {
    close();
    joinMeeting(starting.dataset.meetingId);
  });
  $("[data-meeting-starting-dismiss]").addEventListener("click", dismiss);
  starting.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    event.preventDefault();
    dismiss();
  });

  // "meetingStarting" is sent once, at the start; a page opened later (or between two pages at that
  // moment) finds the meeting in progress in the list instead.
  const inProgress = (meeting, now) =>
    !over(meeting, now) && Date.parse(meeting.startsAt) <= now &&
    (meeting.organizer.id === me || meeting.attendees.some((a) => a.profile.id === me && a.answer === "accepted"));
  async function load() {
    const list = await connection.invoke("Meetings");
    page?.show(list);
    const going = list.find((m) => inProgress(m, Date.now()) && !later.has(m.id));
    if (going && starting.hidden && document.documentElement.dataset.call === "idle") show({ meetingId: going.id, title: going.title });
    document.documentElement.dataset.meetings = "loaded";
  }

  connection.on("meetingChanged", ({ meeting, change }) => {
    page?.put(meeting);
    if (meeting.organizer.id === me) return;
    const told = {
      invited: sentence`${named(meeting.organizer)} invited you to “${meeting.title}”.`,
      rescheduled: sentence`“${meeting.title}” moved to ${when(meeting)}.`,
      cancelled: sentence`“${meeting.title}” was cancelled.`,
    }[change];
    if (told) notify(told);
  });

  return { load };
}

function createMeetingsPage(connection, { notify, roster, joinMeeting }) {
  const form = $("[data-meeting-form]");
  const status = $("[data-meeting-status]");
  const invitees = $("[data-meeting-invitees]");
  const meetings = new Map();
  let loaded = false;
  const preselected = new URLSearchParams(location.search).get("with");

  function drawInvitees() {
    const checked = new Set([...invitees.querySelectorAll("input:checked")].map((box) => box.value));
    if (preselected && !invitees.dataset.preselected) checked.add(preselected);
    const contacts = roster.all().filter((c) => c.relationship === "accepted");
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
    if (roster.loaded) invitees.dataset.preselected = "done";
    $("[data-meeting-no-contacts]").hidden = contacts.length > 0 || !roster.loaded;
  }
  roster.subscribe(drawInvitees);

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
