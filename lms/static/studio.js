// Studio lesson editor: live preview of the guide (debounced) and picture upload.
(function () {
  "use strict";
  const csrf = () => (document.querySelector("meta[name=csrf-token]") || {}).content || "";
  const area = document.querySelector("textarea.markdown[data-preview]");
  const pane = document.getElementById("live-preview");
  let timer = null;
  function refresh() {
    fetch(area.dataset.preview, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf(), "Accept": "application/json"},
      body: JSON.stringify({markdown: area.value}),
    }).then((r) => r.json()).then((data) => { pane.innerHTML = data.html || ""; });
  }
  if (area && pane) {
    area.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(refresh, 400); });
    refresh();
  }
  const box = document.querySelector(".image-box");
  if (!box || !area) return;
  const status = box.querySelector(".status");
  box.querySelector("#image-insert").addEventListener("click", () => {
    const file = box.querySelector("#image-file").files[0];
    const form = new FormData();
    if (file) form.append("image", file);
    form.append("alt", box.querySelector("#image-alt").value);
    fetch(box.dataset.url, {
      method: "POST", credentials: "same-origin", body: form,
      headers: {"X-CSRFToken": csrf(), "Accept": "application/json"},
    }).then((r) => r.json()).then((data) => {
      if (data.error) { status.textContent = data.error.message; status.className = "status alert"; return; }
      const at = area.selectionStart || area.value.length;
      area.value = area.value.slice(0, at) + "\n" + data.markdown + "\n" + area.value.slice(at);
      status.textContent = data.message; status.className = "status hint";
      refresh();
    });
  });
})();
