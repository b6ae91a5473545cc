// A meeting as the pages read it. The server decides when its call opens (joinOpensAt) and when it is
// over (endsAt); the page only compares them with the clock.
export const me = document.body.dataset.userId;

export const when = (meeting) =>
  `${new Date(meeting.startsAt).toLocaleString([], { dateStyle: "medium", timeStyle: "short" })} · ${meeting.durationMinutes} minutes`;

export const over = (meeting, now = Date.now()) => meeting.cancelled || Date.parse(meeting.endsAt) < now;

export const joinable = (meeting, now = Date.now()) => !over(meeting, now) && Date.parse(meeting.joinOpensAt) <= now;
