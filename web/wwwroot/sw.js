// Viv's service worker. It keeps the shell (styles, scripts, icons and the offline page) so that Viv
// opens without a network and says it is offline, instead of the browser's error page.
//
// It never stores a page: pages carry a person's name, contacts and form tokens, which must not stay
// behind on a shared device after signing out, and without a connection a page could do nothing.
// It never touches the hub, the API, forms, pictures or calendar files: those go to the network as if
// there were no service worker at all.
//
// It also rings this device when Viv is closed: the server sends a push (Web Push) when a call rings,
// stops ringing, a meeting invites or starts, or someone leaves a message, and the worker shows it as
// a notification.

// Change the version whenever the list below changes: the new worker fills a new cache, and the old
// cache is deleted when it takes over. A web tier test keeps the list equal to the files on disk.
const version = "viv-shell-v19";

const shell = [
  "/offline.html",
  "/manifest.webmanifest",
  "/lib/pico/pico.min.css",
  "/lib/signalr/signalr.min.js",
  "/lib/noise-suppressor/index.js",
  "/lib/noise-suppressor/rnnoise/workletProcessor.js",
  "/css/icons.css",
  "/css/site.css",
  "/js/calls/call-state.js",
  "/js/calls/call-encryption.js",
  "/js/calls/calls.js",
  "/js/calls/chat-log.js",
  "/js/calls/chat.js",
  "/js/calls/connection-stats.js",
  "/js/calls/controls.js",
  "/js/calls/e2ee/bytes.js",
  "/js/calls/e2ee/call-keys.js",
  "/js/calls/e2ee/clear-bytes.js",
  "/js/calls/e2ee/device-store.js",
  "/js/calls/e2ee/encryption.js",
  "/js/calls/e2ee/frame-worker.js",
  "/js/calls/e2ee/identity.js",
  "/js/calls/e2ee/key-wrap.js",
  "/js/calls/e2ee/media-frame.js",
  "/js/calls/e2ee/receiver-keys.js",
  "/js/calls/e2ee/replay-window.js",
  "/js/calls/e2ee/safety-code.js",
  "/js/calls/e2ee/sender-keys.js",
  "/js/calls/e2ee/sframe-header.js",
  "/js/calls/e2ee/sframe.js",
  "/js/calls/forwarding.js",
  "/js/calls/gestures.js",
  "/js/calls/ice-lost.js",
  "/js/calls/invite.js",
  "/js/calls/leave-message.js",
  "/js/calls/media.js",
  "/js/calls/mesh.js",
  "/js/calls/noise-suppression.js",
  "/js/calls/notification.js",
  "/js/calls/peer.js",
  "/js/calls/placing.js",
  "/js/calls/ring-when-closed.js",
  "/js/calls/ringing.js",
  "/js/calls/ringtone.js",
  "/js/calls/speakers.js",
  "/js/calls/speech.js",
  "/js/calls/stage.js",
  "/js/calls/transfer.js",
  "/js/calls/video-messages.js",
  "/js/calls/words.js",
  "/js/contacts/list.js",
  "/js/contacts/page.js",
  "/js/contacts/presence-notices.js",
  "/js/meetings/meeting.js",
  "/js/meetings/meetings.js",
  "/js/meetings/page.js",
  "/js/shell/app.js",
  "/js/shell/install.js",
  "/js/shell/isolate.js",
  "/js/shell/notices.js",
  "/js/shell/offline.js",
  "/js/shell/people.js",
  "/js/shell/signaling.js",
  "/icons/apple-touch-icon.png",
  "/icons/icon-192.png",
  "/icons/icon-512.png",
  "/icons/icon.svg",
  "/icons/maskable-512.png",
];

const offlinePage = "/offline.html";

// Requests that always go straight to the network, checked before anything else.
const never = [
  /^\/hub(\/|$)/,
  /^\/api(\/|$)/,
  /^\/ringing(\/|$)/,
  /^\/video-messages(\/|$)/,
  /^\/users\/[^/]+\/picture$/,
  /^\/meetings\/[^/]+\.ics$/,
  /^\/dashboard(\/|$)/,
  /^\/(healthz|readyz)$/,
];

const shellFolders = ["/lib/", "/css/", "/js/", "/icons/"];

const isShell = (path) => shell.includes(path) || shellFolders.some((folder) => path.startsWith(folder));

self.addEventListener("install", (event) => {
  // "reload": fill the cache from the server, not from whatever the HTTP cache holds.
  const fresh = shell.map((path) => new Request(path, { cache: "reload" }));
  event.waitUntil(caches.open(version).then((cache) => cache.addAll(fresh)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name !== version) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || never.some((path) => path.test(url.pathname))) {
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(pageOrOffline(request));
  } else if (isShell(url.pathname)) {
    event.respondWith(shellFile(event, url));
  }
});

// A push from Viv's server (sent to the subscription made in Settings). One that is not Viv's JSON is
// dropped: the browser already dropped any it could not decrypt.
self.addEventListener("push", (event) => {
  let message;
  try {
    message = event.data?.json();
  } catch {
    return;
  }
  const show = pushes[message?.type];
  if (show) event.waitUntil(show(message));
});

const kindWords = { video: "Video call", voice: "Voice call" };
// What people wrote goes into bidirectional isolates, as on the pages (js/shell/isolate.js, which a
// classic worker cannot import): right-to-left text or a direction override in a name cannot reorder
// the words around it. A person is named by full name and username, as everywhere in Viv.
const isolated = (text) => `\u2068${text}\u2069`;
const named = (person) => `${isolated(person.fullName)} ${isolated(`@${person.username}`)}`;
const time = (at) => new Date(at).toLocaleString([], { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });

const pushes = {
  // A call rings: "Accept" and "Decline" on the notification, which stays until one is pressed or the
  // ringing stops. Not shown when a Viv window is in front (it rings there), nor for a call the server
  // says no longer rings (a push that arrived late).
  async incomingCall({ callId, kind, caller }) {
    if ((await vivInFront()) || !(await stillRinging(callId))) return;
    await self.registration.showNotification(`${named(caller)} is calling`, {
      body: kindWords[kind],
      tag: callId,
      renotify: true,
      requireInteraction: true,
      icon: caller.picture,
      vibrate: [400, 200, 400, 200, 400],
      actions: [
        { action: "accept", title: "Accept" },
        { action: "decline", title: "Decline" },
      ],
      data: { type: "incomingCall", callId },
    });
  },

  // The ringing stopped: its notification closes; a call nobody answered leaves a missed call in its place.
  async callClosed({ callId, outcome, kind, caller }) {
    for (const shown of await self.registration.getNotifications({ tag: callId })) shown.close();
    if (outcome !== "missed" || !caller || (await vivInFront())) return;
    await self.registration.showNotification(`Missed call from ${named(caller)}`, {
      body: `${kindWords[kind]}, ${time(Date.now())}`,
      tag: callId,
      icon: caller.picture,
      data: { type: "missedCall", open: "/Calls" },
    });
  },

  async meetingInvitation({ meetingId, title, organizer, startsAt }) {
    if (await vivInFront()) return;
    await self.registration.showNotification(`${named(organizer)} invited you to a meeting`, {
      body: `${isolated(title)}, ${time(startsAt)}`,
      tag: meetingId,
      icon: organizer.picture,
      data: { type: "meeting", open: "/Meetings" },
    });
  },

  async videoMessage({ messageId, kind, from }) {
    if (await vivInFront()) return;
    await self.registration.showNotification(`${named(from)} left you a ${kind === "voice" ? "voice" : "video"} message`, {
      body: "Open Viv to play it.",
      tag: messageId,
      icon: from.picture,
      data: { type: "videoMessage", open: "/Calls" },
    });
  },

  async meetingStarting({ meetingId, title }) {
    if (await vivInFront()) return;
    await self.registration.showNotification(`${isolated(title)} is starting`, {
      body: "Open Viv to join.",
      tag: meetingId,
      requireInteraction: true,
      data: { type: "meeting", open: "/Meetings" },
    });
  },
};

const vivWindows = () => self.clients.matchAll({ type: "window" });

async function vivInFront() {
  return (await vivWindows()).some((page) => page.focused && page.visibilityState === "visible");
}

// Asked of the server with this browser's cookie; if it cannot say (offline, signed out), the call rings.
async function stillRinging(callId) {
  try {
    const response = await fetch("/ringing", { cache: "no-store" });
    return !response.ok || (await response.json()).includes(callId);
  } catch {
    return true;
  }
}

// A click on a notification. On a call: Accept opens Viv (or brings its window forward) and answers;
// Decline declines from here, without a window; the notification itself brings Viv forward ringing. A
// notification the page showed (no data: Android's Chrome shows them only through a worker) tells the
// page, which focuses its Accept.
self.addEventListener("notificationclick", (event) => event.waitUntil(clicked(event.notification, event.action)));

function clicked(notification, action) {
  notification.close();
  const data = notification.data ?? { type: "incomingCall", callId: notification.tag };
  return data.type !== "incomingCall" ? openViv(data.open, null)
    : action === "decline" ? decline(data.callId)
    : action === "accept" ? openViv(`/?answer=${data.callId}`, { type: "answerCall", callId: data.callId })
    : openViv("/", { type: "notificationclick", tag: data.callId });
}

// Viv's most recently used window comes forward and is told what to do; with none, a new one opens at
// the address that does it. Focusing is allowed only while handling a real click.
async function openViv(address, message) {
  const [page] = await vivWindows();
  if (!page) return self.clients.openWindow(address);
  await page.focus().catch(() => {});
  if (message) page.postMessage(message);
  else await page.navigate(address).catch(() => {});
}

async function decline(callId) {
  const response = await fetch(`/ringing/${callId}/decline`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
  if (!response.ok && response.status !== 409) console.error(`Declining call ${callId} failed: ${response.status}`);
}

// Pages: always from the network; the offline page when the network fails.
async function pageOrOffline(request) {
  try {
    return await fetch(request);
  } catch {
    return (await caches.match(offlinePage, { cacheName: version })) ?? Response.error();
  }
}

// Shell files: from the cache at once, refreshed in the background. A file the pages link with
// asp-append-version carries its content hash in ?v=, so a cached copy of that exact URL is never
// stale and needs no refresh; a new hash is fetched and replaces the file's older copy.
async function shellFile(event, url) {
  const cache = await caches.open(version);
  const cached = await cache.match(event.request);
  if (cached && url.searchParams.has("v")) {
    return cached;
  }
  const fetched = refresh(event, cache);
  if (cached) {
    event.waitUntil(fetched.catch(() => {}));
    return cached;
  }
  try {
    return await fetched;
  } catch (offline) {
    // Offline with a hash not seen before (a new deployment): the copy kept under another hash will do.
    const older = await cache.match(event.request, { ignoreSearch: true });
    if (older) return older;
    throw offline;
  }
}

// Fetches the file and keeps a copy, one per file whatever its ?v=: the copy under another URL goes
// once the new one is in, so the file is never missing in between.
async function refresh(event, cache) {
  const response = await fetch(event.request);
  if (response.ok) {
    event.waitUntil(keep(cache, event.request, response.clone()));
  }
  return response;
}

async function keep(cache, request, response) {
  await cache.put(request, response);
  for (const older of await cache.keys(request, { ignoreSearch: true })) {
    if (older.url !== request.url) await cache.delete(older);
  }
}
