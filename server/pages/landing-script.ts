/**
 * The landing page's only script, plain JavaScript served as it is (/assets/landing.js): it reports what the viewer
 * does with `navigator.sendBeacon`, which needs no cookie and survives the click that leaves the page. "opened" waits
 * until the page has been in view for two seconds, so a tab opened in the background and never looked at, or a
 * scanner that runs the script and leaves, reports nothing.
 */
export const LANDING_SCRIPT = `(() => {
  const data = JSON.parse(document.getElementById('landing-data').textContent);
  const sent = new Set();
  const post = (body) => {
    if (!(navigator.sendBeacon && navigator.sendBeacon(data.url, body))) {
      fetch(data.url, { method: 'POST', body, keepalive: true, headers: { 'content-type': 'text/plain' } }).catch(() => {});
    }
  };
  // The server counts nothing in a page load's first moments (scanners are that fast): hold anything earlier.
  const send = (event) => {
    if (sent.has(event)) return;
    sent.add(event);
    const body = JSON.stringify({ token: data.token, event });
    const wait = 1600 - performance.now();
    if (wait > 0) setTimeout(() => post(body), wait);
    else post(body);
  };
  let seen;
  const watchVisibility = () => {
    clearTimeout(seen);
    if (document.visibilityState === 'visible') seen = setTimeout(() => send('opened'), 2000);
  };
  document.addEventListener('visibilitychange', watchVisibility);
  watchVisibility();
  const video = document.getElementById('video');
  if (video) {
    video.addEventListener('play', () => { send('opened'); send('played'); });
    video.addEventListener('timeupdate', () => {
      if (!video.duration) return;
      const share = video.currentTime / video.duration;
      for (const [mark, event] of [[0.25, 'p25'], [0.5, 'p50'], [0.75, 'p75']]) if (share >= mark) send(event);
    });
    video.addEventListener('ended', () => { send('p25'); send('p50'); send('p75'); send('completed'); });
  }
  const cta = document.getElementById('cta');
  if (cta) cta.addEventListener('click', () => { send('opened'); send('clicked'); });
})();
`;
