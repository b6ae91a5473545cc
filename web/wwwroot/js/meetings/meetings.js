// Meetings on every page: the live notices (an invitation, a change) and "Meeting starting" with
// Join, also for a meeting under way when the page opens. The /Meetings page itself is page.js.
import { named } from "../shell/people.js";
import { isolate, sentence } from "../shell/isolate.js";
import { me, when, over } from "./meeting.js";
import { createMeetingsPage } from "./page.js";

const $ = (selector, root = document) => root.querySelector(selector);

export function setUpMeetings(connection, { notify, contactList, joinMeeting }) {
  const starting = $("[data-meeting-starting]");
  const page = $("[data-meetings]") ? createMeetingsPage(connection, { notify, contactList, joinMeeting }) : null;

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

