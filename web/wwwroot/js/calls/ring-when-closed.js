// "Ring this device when Viv is closed": the browser subscribes at its push service (Web Push) with
// the server's VAPID key, and the server keeps the subscription for as long as this sign-in lasts.
// The browser's permission is asked only when the person turns the switch on. The device id is kept
// on this device to tell which of the listed devices it is. Settings lists every device, each with
// its own Remove.

const kept = "viv.pushDevice";
const supported = () => "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;

/** A label people recognise in the list: the browser and the system it runs on. */
function thisDevice() {
  const agent = navigator.userAgent;
  const browser = /Edg\//.test(agent) ? "Edge" : /Firefox\//.test(agent) ? "Firefox" : /Chrom(e|ium)\//.test(agent) ? "Chromium browser" : /Safari\//.test(agent) ? "Safari" : "Browser";
  const system = /Android/.test(agent) ? "Android" : /iPhone|iPad/.test(agent) ? "iOS" : /Windows/.test(agent) ? "Windows" : /Mac OS/.test(agent) ? "macOS" : /Linux/.test(agent) ? "Linux" : "";
  return system ? `${browser} on ${system}` : browser;
}

/** The switch, a sentence saying where things stand, and the list of devices rung; load() redraws them from the server. */
export function createRingWhenClosed(section, connection) {
  const toggle = section.querySelector("[data-push-switch]");
  const state = section.querySelector("[data-push-state]");
  const list = section.querySelector("[data-push-devices]");
  const say = (text) => (state.textContent = text);

  const subscription = async () => (await navigator.serviceWorker.ready).pushManager.getSubscription();

  const show = async () => {
    const devices = await connection.invoke("PushDevices");
    const mine = localStorage.getItem(kept);
    toggle.checked = devices.some((d) => d.id === mine) && (await subscription()) !== null;
    list.replaceChildren(...devices.map((device) => item(device, device.id === mine)));
    list.hidden = devices.length === 0;
  };

  const item = (device, here) => {
    const li = document.createElement("li");
    const name = document.createElement("span");
    name.textContent = here ? `${device.label} (this device)` : device.label;
    const since = document.createElement("small");
    since.textContent = ` since ${new Date(device.addedAt).toLocaleDateString()}`;
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "secondary outline";
    remove.textContent = "Remove";
    remove.setAttribute("aria-label", `Remove ${device.label}`);
    remove.addEventListener("click", async () => {
      await connection.invoke("StopRingingDevice", device.id);
      if (here) await forget();
      say(`${device.label} no longer rings when Viv is closed.`);
      await show();
    });
    li.append(name, since, " ", remove);
    return li;
  };

  const forget = async () => {
    localStorage.removeItem(kept);
    await (await subscription())?.unsubscribe();
  };

  const turnOn = async () => {
    if ((await Notification.requestPermission()) !== "granted") {
      return say("Notifications are blocked for Viv in this browser, so it cannot ring here when Viv is closed.");
    }
    let pushed;
    try {
      const registration = await navigator.serviceWorker.ready;
      pushed = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: await connection.invoke("PushKey") });
    } catch (reason) {
      console.error(`Subscribing to the push service failed: ${reason}`);
      return say("This browser could not reach its push service, so it cannot ring here when Viv is closed.");
    }
    const { endpoint, keys } = pushed.toJSON();
    const reply = await connection.invoke("RingThisDevice", { endpoint, keys, label: thisDevice() });
    if (!reply.ok) {
      await pushed.unsubscribe();
      return say(reply.error);
    }
    localStorage.setItem(kept, reply.deviceId);
    say("This device rings when Viv is closed.");
  };

  const turnOff = async () => {
    const mine = localStorage.getItem(kept);
    if (mine) await connection.invoke("StopRingingDevice", mine);
    await forget();
    say("This device no longer rings when Viv is closed.");
  };

  if (!supported()) {
    toggle.disabled = true;
    say("This browser cannot ring when Viv is closed.");
    return { load: async () => {} };
  }
  toggle.addEventListener("change", async () => {
    toggle.disabled = true;
    try {
      await (toggle.checked ? turnOn() : turnOff());
    } finally {
      toggle.disabled = false;
      await show();
    }
  });
  return { load: show };
}
