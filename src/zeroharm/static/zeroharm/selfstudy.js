// Self-study heartbeat (training.services.selfstudy): while the material's page is visible and the reader touched
// it in the last minute, tell the server every few seconds. The server adds at most 30 s per beat, so extra beats
// (two tabs, a fast clock) add nothing; a hidden or idle page sends none.
(function () {
  var study = document.getElementById("study");
  if (!study) return;
  var url = study.dataset.beatUrl, every = Number(study.dataset.beatSeconds || 15) * 1000;
  var idleAfter = 60 * 1000, lastInput = Date.now();
  var csrf = JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
  ["pointerdown", "keydown", "scroll", "touchstart", "wheel"].forEach(function (name) {
    window.addEventListener(name, function () { lastInput = Date.now(); }, { passive: true });
  });
  function beat() {
    if (document.visibilityState !== "visible" || Date.now() - lastInput > idleAfter) return;
    fetch(url, { method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": csrf } });
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") { lastInput = Date.now(); beat(); }
  });
  beat();
  setInterval(beat, every);
})();
