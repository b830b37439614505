/* Quiz page enhancement: one question per screen, move buttons for ordering
   questions, a countdown that submits when time runs out. Without it the page is a
   plain form with every question, which works just as well. */
(function () {
  "use strict";
  var form = document.querySelector("form.quiz");
  if (!form) return;
  var pages = Array.prototype.slice.call(form.querySelectorAll("fieldset.question"));
  var submit = form.querySelector(".quiz-submit");
  var current = 0;

  function button(label, cls, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = cls;
    b.textContent = label;
    b.addEventListener("click", onClick);
    return b;
  }

  var nav = document.createElement("div");
  nav.className = "quiz-nav";
  var prev = button(form.dataset.prev, "button secondary", function () { show(current - 1); });
  var next = button(form.dataset.next, "button", function () { show(current + 1); });
  nav.appendChild(prev);
  nav.appendChild(next);
  form.insertBefore(nav, submit);

  function show(index) {
    current = Math.max(0, Math.min(pages.length - 1, index));
    pages.forEach(function (page, i) { page.hidden = i !== current; });
    prev.hidden = current === 0;
    next.hidden = current === pages.length - 1;
    submit.hidden = current !== pages.length - 1;
    pages[current].scrollIntoView({ block: "start" });
  }

  /* Ordering: up/down buttons reorder the list and renumber the position fields. */
  function renumber(list) {
    Array.prototype.forEach.call(list.children, function (item, i) {
      item.querySelector("select").value = String(i + 1);
    });
  }
  Array.prototype.forEach.call(form.querySelectorAll("ol.order"), function (list) {
    Array.prototype.forEach.call(list.children, function (item) {
      var up = button("↑", "move", function () {
        if (item.previousElementSibling) list.insertBefore(item, item.previousElementSibling);
        renumber(list);
      });
      var down = button("↓", "move", function () {
        if (item.nextElementSibling) list.insertBefore(item.nextElementSibling, item);
        renumber(list);
      });
      up.setAttribute("aria-label", form.dataset.up);
      down.setAttribute("aria-label", form.dataset.down);
      item.appendChild(up);
      item.appendChild(down);
    });
  });

  /* Time limit: show what is left; submit what was answered when it runs out. */
  var deadline = form.dataset.deadline ? Date.parse(form.dataset.deadline) : NaN;
  var countdown = form.querySelector(".countdown");
  if (!isNaN(deadline) && countdown) {
    var timer = setInterval(function () {
      var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
      countdown.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
      if (left === 0) {
        clearInterval(timer);
        form.submit();
      }
    }, 1000);
  }

  form.classList.add("paged");
  show(0);
  window.scrollTo(0, 0);
})();
