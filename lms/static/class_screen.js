// The trainer's screen (classes/screen.html): fetch the attendance code now, show it
// as a QR image and a link, and fetch the next one as soon as it changes (every 20 s).
(function () {
  "use strict";
  var screen = document.querySelector("[data-code-url]");
  if (!screen) return;
  var qr = screen.querySelector("[data-testid=qr]");
  var link = screen.querySelector("[data-testid=code-url]");
  var left = screen.querySelector("[data-testid=seconds-left]");
  var error = screen.querySelector("[data-testid=code-error]");
  var timer = null;

  function show(code) {
    qr.innerHTML = code.svg; // our own server's SVG
    link.href = code.url;
    link.textContent = code.url;
    error.hidden = true;
    var seconds = code.seconds_left;
    left.textContent = seconds;
    clearInterval(timer);
    timer = setInterval(function () {
      seconds -= 1;
      left.textContent = Math.max(seconds, 0);
      if (seconds <= 0) { clearInterval(timer); load(); }
    }, 1000);
  }

  function load() {
    fetch(screen.dataset.codeUrl, {
      credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" }
    })
      .then(function (r) { return r.json().then(function (body) { return [r.ok, body]; }); })
      .then(function (res) {
        if (res[0]) { show(res[1]); return; }
        error.textContent = (res[1].error && res[1].error.message) || "";
        error.hidden = false;
        setTimeout(load, 10000);
      })
      .catch(function () { setTimeout(load, 5000); });
  }
  load();
})();
