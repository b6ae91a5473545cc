// Wires the signed-in page: one connection, the contact list store, and what each server event means to the person.
import { connect } from "./signaling.js";
import { notify, announce } from "./notices.js";
import { createContactList } from "../contacts/list.js";
import { showContactList, showSearch } from "../contacts/page.js";
import { setUpCalls } from "../calls/calls.js";
import { setUpMeetings } from "../meetings/meetings.js";
import { showNotificationSettings } from "../calls/notification.js";
import { showSuppressionSetting } from "../calls/noise-suppression.js";
import { createRingWhenClosed } from "../calls/ring-when-closed.js";
import { showVideoMessages } from "../calls/video-messages.js";
import { sentence } from "./isolate.js";
import { named } from "./people.js";
import { announcePresence } from "../contacts/presence-notices.js";

const region = document.getElementById("notices");
const say = (message) => notify(region, message);
const tell = (message) => announce(region, message);
const device = matchMedia("(max-width: 600px) and (pointer: coarse)").matches ? "mobile" : "browser";
const connection = connect({
  device,
  onConnected: () => Promise.all([contactList.load(), meetings.load(), calls.load(), ringWhenClosed?.load(), videoMessages?.load()]),
});
const contactList = createContactList(connection);

connection.on("signedInElsewhere", ({ at }) => {
  const time = new Date(at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  say(`Your account was signed in elsewhere at ${time}. If that was not you, change your password.`);
});

connection.on("contactChanged", ({ contact }) => {
  if (contact.relationship === "pending") say(sentence`${named(contact.profile)} wants to be your contact.`);
});

const badge = document.querySelector("[data-pending-count]");
contactList.subscribe(() => {
  const count = contactList.pendingCount();
  badge.textContent = count === 0 ? "" : String(count);
  badge.hidden = count === 0;
});

const calls = setUpCalls(connection, { notify: say, announce: tell, contactList });
const meetings = setUpMeetings(connection, { notify: say, contactList, joinMeeting: calls.joinMeeting });

// The Calls link counts missed calls not yet seen and video messages not yet played.
const callsBadge = document.querySelector("[data-missed-count]");
const countCalls = () => {
  const count = Number(callsBadge.dataset.missed) + Number(callsBadge.dataset.unplayed);
  callsBadge.textContent = count === 0 ? "" : String(count);
  callsBadge.hidden = count === 0;
};
connection.on("missedCall", ({ unseen }) => {
  callsBadge.dataset.missed = String(unseen);
  countCalls();
});
connection.on("videoMessagesChanged", ({ unseen }) => {
  callsBadge.dataset.unplayed = String(unseen);
  countCalls();
});

showContactList(contactList, { notify: say, call: calls.place, schedule: (profile) => (location.href = `/Meetings?with=${profile.id}`) });
showSearch(contactList, { notify: say });
announcePresence(contactList, tell);
const settings = document.querySelector("[data-notification-settings]");
if (settings) showNotificationSettings(settings);
const messagesSection = document.querySelector("[data-video-messages]");
const videoMessages = messagesSection && showVideoMessages(messagesSection, connection);
const ringSettings = document.querySelector("[data-ring-when-closed]");
const ringWhenClosed = ringSettings && createRingWhenClosed(ringSettings, connection);
const suppression = document.querySelector("[data-noise-suppression]");
if (suppression) showSuppressionSetting(suppression);
