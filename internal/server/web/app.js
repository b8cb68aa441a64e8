// Live preview and small conveniences for the DPA form. The form works
// without this script: Preview and Download submit it to the server, which
// shows the form again with its errors and focuses the first one.
(function () {
  "use strict";
  var form = document.getElementById("dpa");
  if (!form) return;
  var preview = document.getElementById("preview");
  var warnings = document.getElementById("warnings");
  var summary = document.getElementById("summary");
  var staleNote = document.getElementById("stale-note");
  var status = document.getElementById("status");
  var lawcheck = document.getElementById("lawcheck");
  var issued = document.getElementById("issued");
  var start = document.getElementById("f-start");

  // showCheck puts the lawyer's check of the previewed document beside
  // the download bar, drawn by the server (every value escaped), open if
  // it was open.
  function showCheck(html) {
    if (!lawcheck) return;
    var was = lawcheck.querySelector("details");
    var open = !!(was && was.open);
    lawcheck.innerHTML = html || "";
    lawcheck.hidden = !html;
    var now = lawcheck.querySelector("details");
    if (now && open) now.open = true;
  }

  // The preview follows the form as it is typed: its button is for pages
  // without this script.
  var previewButton = document.getElementById("preview-button");
  if (previewButton) previewButton.hidden = true;

  // Drafts: what the form holds is kept in this browser, by house style
  // and mode, so that a reload loses nothing; it is never sent anywhere
  // until the person previews or downloads.
  function draftKey(s) {
    var mode = form.elements["_mode"] ? form.elements["_mode"].value : "";
    return "clausemark-draft:" + s + ":" + mode;
  }
  function pairs() {
    var out = [];
    new FormData(form).forEach(function (v, k) { if (typeof v === "string") out.push([k, v]); });
    return out;
  }
  var current = start.value; // the house style the page was drawn for
  function saveDraft() {
    try { localStorage.setItem(draftKey(current), JSON.stringify(pairs())); } catch (e) { /* storage full or off */ }
  }
  function loadDraft(s) {
    try { return JSON.parse(localStorage.getItem(draftKey(s)) || "null"); } catch (e) { return null; }
  }

  // setControl gives the control named name the value v; a select without
  // that option gets one, so that nothing restored is lost.
  function setControl(name, v) {
    var el = form.elements[name];
    if (!el) return;
    if (el instanceof RadioNodeList) {
      var box = Array.prototype.find.call(el, function (c) { return c.type === "checkbox"; });
      if (box) box.checked = v === "true";
      return;
    }
    if (el.type === "checkbox") { el.checked = v === "true"; return; }
    if (el.tagName === "SELECT" && !Array.prototype.some.call(el.options, function (o) { return o.value === v; })) {
      el.appendChild(new Option(v, v));
    }
    el.value = v;
  }

  // restore puts a draft's values back into the form: the items of lists
  // and the rows of tables first, then every other control.
  function restore(draft) {
    var rest = [];
    var lists = {}, rows = {};
    form.querySelectorAll(".list").forEach(function (b) { lists[b.getAttribute("data-name")] = []; });
    form.querySelectorAll(".rows").forEach(function (b) { rows[b.getAttribute("data-name")] = 0; });
    draft.forEach(function (p) {
      var m = /^(.*)\.(\d+)\.([^.]+)$/.exec(p[0]);
      if (lists[p[0]]) lists[p[0]].push(p[1]);
      else if (m && rows[m[1]] !== undefined) { rows[m[1]] = Math.max(rows[m[1]], +m[2] + 1); rest.push(p); }
      else if (p[0] !== "_start" && p[0] !== "_mode") rest.push(p);
    });
    form.querySelectorAll(".list").forEach(function (b) {
      b.querySelectorAll(".item").forEach(function (i) { i.remove(); });
      lists[b.getAttribute("data-name")].forEach(function (v) { addItem(b).querySelector("input").value = v; });
    });
    form.querySelectorAll(".rows").forEach(function (b) {
      b.querySelectorAll(":scope > .item").forEach(function (i) { i.remove(); });
      for (var n = 0; n < rows[b.getAttribute("data-name")]; n++) addItem(b);
    });
    renumber();
    rest.forEach(function (p) { setControl(p[0], p[1]); });
    rebuildSeats();
  }

  // A new house style keeps what the customer's fields hold, which mean
  // the same in every style, and asks before the rest is discarded.
  function others() {
    return JSON.stringify(pairs().filter(function (p) { return !isCustomer(p[0]) && p[0].charAt(0) !== "_"; }));
  }
  var initial = others();
  function isCustomer(name) {
    var f = fieldOf(name);
    return !!f && f.hasAttribute("data-customer");
  }
  function fieldOf(name) {
    var el = form.elements[name];
    if (el instanceof RadioNodeList) el = el[0];
    return el && el.closest ? el.closest(".field") : null;
  }
  start.addEventListener("change", function (e) {
    if (others() !== initial && !window.confirm("Switch the house style? The customer's details are kept; the other values you changed are replaced by the new house style's.")) {
      e.target.value = current;
      return;
    }
    var keep = pairs().filter(function (p) { return isCustomer(p[0]); });
    try { localStorage.setItem(draftKey(e.target.value), JSON.stringify(keep)); } catch (err) { /* off */ }
    var q = "?_start=" + encodeURIComponent(e.target.value);
    if (form.elements["_mode"]) q += "&_mode=" + encodeURIComponent(form.elements["_mode"].value);
    window.location.search = q;
  });

  var startOver = document.getElementById("start-over");
  if (startOver) {
    startOver.hidden = false;
    startOver.addEventListener("click", function () {
      try { localStorage.removeItem(draftKey(current)); } catch (e) { /* off */ }
      window.location.search = "?_start=" + encodeURIComponent(current) + (form.elements["_mode"] ? "&_mode=house" : "");
    });
  }

  // Fields that apply only when another has a given value.
  function applyConditions() {
    form.querySelectorAll("[data-show-when]").forEach(function (el) {
      var cond = el.getAttribute("data-show-when").split("=");
      var ctl = form.elements[cond[0]];
      el.hidden = !!ctl && ctl.value !== cond[1];
    });
  }

  // Fields the document does not use as the form stands are hidden; one
  // with an error stays.
  function showUsed(unused) {
    if (!unused) return;
    form.querySelectorAll(".field").forEach(function (f) {
      var off = unused.indexOf(f.getAttribute("data-path")) >= 0 && !f.querySelector("[aria-invalid=true]");
      f.classList.toggle("unused", off);
    });
  }

  // A venue's select offers the court seats of the jurisdiction chosen,
  // keeping its value if it is none of them, for the server to judge.
  function rebuildSeats(again) {
    form.querySelectorAll("select[data-seats]").forEach(function (sel) {
      var all = JSON.parse(sel.getAttribute("data-seats"));
      var juris = form.elements["jurisdiction"];
      var mine = juris && all[juris.value];
      if (!mine || (again !== true && sel.getAttribute("data-for") === juris.value)) return;
      sel.setAttribute("data-for", juris.value);
      var cur = sel.value;
      while (sel.options.length) sel.remove(0);
      sel.appendChild(new Option(mine.usual, ""));
      var found = cur === "";
      mine.seats.forEach(function (s) {
        var o = new Option(s, s);
        if (!found && s.toLowerCase() === cur.trim().toLowerCase()) { o.selected = true; found = true; }
        sel.appendChild(o);
      });
      if (!found) sel.appendChild(new Option(cur, cur, true, true));
      sel.value = found && cur !== "" ? sel.value : cur;
    });
  }
  var jurisdiction = form.elements["jurisdiction"];
  if (jurisdiction && jurisdiction.addEventListener) {
    var seatSel = form.querySelector("select[data-seats]");
    if (seatSel) seatSel.setAttribute("data-for", jurisdiction.value);
    jurisdiction.addEventListener("change", function () { rebuildSeats(); });
  }

  // applyResets shows the tied values the server returned to their
  // defaults, and remembers what the form held when it was checked, so
  // that only a later change of a tie resets them again.
  function applyResets(sent, resets) {
    sent.forEach(function (p) {
      var was = form.elements["_was." + p[0]];
      if (was && was.type === "hidden") was.value = p[1];
    });
    (resets || []).forEach(function (r) {
      setControl(r.path, r.value);
      rebuildSeats(true); // the value reset is a seat: the old one goes
      var was = form.elements["_was." + r.path];
      if (was) was.value = r.value;
      var f = fieldOf(r.path);
      var note = f && f.querySelector(".note");
      if (note) setText(note, r.message);
    });
  }

  function setText(el, text) {
    while (el.firstChild) el.removeChild(el.firstChild);
    if (text) el.appendChild(document.createTextNode(text));
  }

  // focusField moves to the element a summary link names: an input, or
  // the first input of a list.
  function focusField(id) {
    var el = document.getElementById(id);
    if (!el) return false;
    if (!/^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(el.tagName)) {
      el = el.querySelector("input, select, textarea") || el;
    }
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: "center" });
    return true;
  }

  function follow(e) {
    var a = e.target.closest("a[data-target]");
    if (a && focusField(a.getAttribute("data-target"))) e.preventDefault();
  }
  summary.addEventListener("click", follow);
  if (lawcheck) lawcheck.addEventListener("click", follow);

  // markBox marks one box of a list with its problem, beside it.
  function markBox(id, msg) {
    var box = document.getElementById(id);
    if (!box) return false;
    box.setAttribute("aria-invalid", "true");
    var cell = box.closest(".cell");
    var err = cell && cell.querySelector(".error");
    if (err) setText(err, msg);
    if (cell) cell.classList.add("invalid");
    return true;
  }

  // showErrors puts each message beside its field, or beside the one box
  // of a list it is about, and names them in the summary, each a link to
  // it. It returns the first one's target.
  function showErrors(errors) {
    var byPath = {};
    var boxes = {};
    var general = [];
    errors.forEach(function (e) {
      if (e.path && !byPath[e.path]) { byPath[e.path] = e.message; if (e.target) boxes[e.path] = e; }
      else general.push(e.path ? e.path + ": " + e.message : e.message);
    });
    form.querySelectorAll(".cell").forEach(function (c) {
      c.classList.remove("invalid");
      var err = c.querySelector(".error");
      if (err) setText(err, "");
    });
    var named = [];
    form.querySelectorAll(".field").forEach(function (f) {
      var path = f.getAttribute("data-path");
      var msg = byPath[path] || "";
      var box = boxes[path];
      f.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (c) { c.removeAttribute("aria-invalid"); });
      if (box && (f.querySelector(".rows") ? markBox(box.target, msg) : !!document.getElementById(box.target))) {
        named.push({ label: box.label, target: box.target });
        if (!f.querySelector(".rows")) {
          document.getElementById(box.target).setAttribute("aria-invalid", "true");
        } else {
          msg = "";
        }
        delete byPath[path];
        f.classList.remove("invalid");
        setText(f.querySelector(".error"), msg);
        f.classList.remove("unused");
        return;
      }
      if (msg) {
        named.push({ label: f.getAttribute("data-label") || path, target: targetOf(f) });
        delete byPath[path];
        f.classList.remove("unused");
      }
      f.classList.toggle("invalid", !!msg);
      var err = f.querySelector(".error");
      if (err) setText(err, msg);
      if (msg) f.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (c) { c.setAttribute("aria-invalid", "true"); });
    });
    setText(summary, "");
    if (named.length) {
      var p = document.createElement("p");
      p.appendChild(document.createTextNode(named.length + (named.length === 1 ? " field needs attention: " : " fields need attention: ")));
      named.forEach(function (n, i) {
        if (i) p.appendChild(document.createTextNode(", "));
        var a = document.createElement("a");
        a.href = "#" + n.target;
        a.setAttribute("data-target", n.target);
        a.textContent = n.label;
        p.appendChild(a);
      });
      p.appendChild(document.createTextNode("."));
      summary.appendChild(p);
    }
    // A problem about a path the form has no field for goes in the summary.
    Object.keys(byPath).forEach(function (p) { general.push(p + ": " + byPath[p]); });
    general.forEach(function (m) {
      var p = document.createElement("p");
      p.textContent = m;
      summary.appendChild(p);
    });
    summary.hidden = !named.length && !general.length;
    if (status) status.hidden = !summary.hidden;
    return named.length ? named[0].target : "";
  }

  // targetOf is the element a field's link focuses: its input, or the
  // first input of a list.
  function targetOf(f) {
    var first = f.querySelector(".list input, .rows input[id], .rows select[id]");
    return first && first.id ? first.id : f.getAttribute("data-target");
  }

  // showNotes says beside each field that its value is not used, or was
  // reset.
  function showNotes(notes) {
    var byPath = {};
    (notes || []).forEach(function (n) { byPath[n.path] = n.message; });
    form.querySelectorAll(".field").forEach(function (f) {
      var note = f.querySelector(".note");
      if (note) setText(note, byPath[f.getAttribute("data-path")] || "");
    });
  }

  // check asks the server to validate and preview the form as it is.
  var seq = 0;
  function check() {
    var mine = ++seq;
    var sent = pairs();
    return fetch("/preview", { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        var errors = data.errors || [];
        if (mine === seq) {
          applyResets(sent, data.resets);
          var first = showErrors(errors);
          if (!errors.length) {
            preview.innerHTML = data.html; // server-rendered; every value escaped
            setText(warnings, (data.warnings || []).join("\n"));
            showNotes(data.notes);
            showCheck(data.check_html);
            showUsed(data.unused);
            if (staleNote) staleNote.hidden = true;
          }
          holdDownloads(!errors.length && data.check && data.check.blocks);
          preview.setAttribute("data-state", errors.length ? "stale" : "fresh");
          // With errors nothing can be downloaded, and the check would be
          // of a document that is not the form's: it comes back with the
          // next preview without them.
          if (lawcheck && errors.length) lawcheck.hidden = true;
          data.first = first;
          saveDraft();
        }
        data.current = mine === seq;
        return data;
      });
  }

  // holdDownloads disables the download buttons while the house requires
  // the lawyer's check to pass and it does not (the server refuses such a
  // download too).
  function holdDownloads(held) {
    form.ownerDocument.querySelectorAll("button[name=_format]").forEach(function (b) {
      b.disabled = !!held;
      if (held) b.setAttribute("aria-describedby", "lawcheck-headline");
      else b.removeAttribute("aria-describedby");
    });
  }

  var timer = null;
  function refresh() {
    clearTimeout(timer);
    saveDraft();
    timer = setTimeout(function () { check().catch(function () { /* keep the last preview */ }); }, 250);
  }

  // A change of house style loads another page (see above).
  form.addEventListener("input", function (e) { if (e.target !== start) { applyConditions(); refresh(); } });
  form.addEventListener("change", function (e) { if (e.target !== start) { applyConditions(); refresh(); } });

  // confirmIssued says which document was downloaded, by its reference,
  // and where to find it again.
  function confirmIssued(id, recorded, customer) {
    if (!issued || !id) return;
    setText(issued, "");
    var p = document.createElement("p");
    if (recorded) {
      p.appendChild(document.createTextNode("Issued " + id + " — find it under "));
      var a = document.createElement("a");
      a.href = "/history" + (customer ? "?customer=" + encodeURIComponent(customer) : "");
      a.textContent = "Agreements issued";
      p.appendChild(a);
      p.appendChild(document.createTextNode("."));
    } else {
      p.textContent = "Downloaded " + id + ". This server keeps no record of the agreements it issues.";
    }
    issued.appendChild(p);
    issued.hidden = false;
  }

  // fileOf reads the file name a download's Content-Disposition gives.
  function fileOf(r) {
    var m = /filename="?([^";]+)"?/.exec(r.headers.get("Content-Disposition") || "");
    return m ? m[1] : "agreement";
  }

  // download fetches the file the button asks for and saves it, then
  // confirms it; an answer that is not a file (the form with a problem)
  // is left to the browser, by submitting the form as without the script.
  function download(button) {
    var body = new FormData(form);
    body.append(button.name, button.value);
    return fetch("/download", { method: "POST", body: body, credentials: "same-origin" }).then(function (r) {
      if (!r.ok || !/attachment/.test(r.headers.get("Content-Disposition") || "")) throw new Error("not a file");
      var id = r.headers.get("Clausemark-Document");
      var recorded = r.headers.get("Clausemark-Recorded") === "true";
      var name = fileOf(r);
      return r.blob().then(function (blob) {
        var url = URL.createObjectURL(blob);
        var a = document.createElement("a");
        a.href = url;
        a.download = name;
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
        var who = form.querySelector("[data-customer-name]");
        confirmIssued(id, recorded, who ? who.value : "");
      });
    });
  }

  // A download is checked first: with errors, the page stays, the preview
  // is kept, and the first field with an error is focused.
  var checked = null;
  form.addEventListener("submit", function (e) {
    var button = e.submitter;
    if (!button || button.name !== "_format") return;
    if (checked === button) { checked = null; return; }
    e.preventDefault();
    clearTimeout(timer);
    var submit = function () { checked = button; form.requestSubmit(button); };
    check().then(function (data) {
      if (data.errors && data.errors.length) {
        if (data.first) focusField(data.first);
        else summary.scrollIntoView({ block: "nearest" });
        return;
      }
      if (data.check && data.check.blocks) return; // held back: the check says why
      return download(button).catch(submit);
    }).catch(submit); // without an answer, let the server decide
  });

  // addItem adds an item to a list or a row to a table, before its Add
  // button, and returns it.
  function addItem(box) {
    var t = box.querySelector(":scope > button.add");
    var added;
    if (t.getAttribute("data-kind") === "list") {
      added = document.createElement("div");
      added.className = "item";
      var input = document.createElement("input");
      input.type = "text";
      input.name = box.getAttribute("data-name");
      added.appendChild(input);
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "remove";
      remove.textContent = "Remove";
      added.appendChild(remove);
    } else {
      added = box.querySelector("template.new-row").content.firstElementChild.cloneNode(true);
    }
    box.insertBefore(added, t);
    return added;
  }

  // Repeatable lines and rows.
  form.addEventListener("click", function (e) {
    var t = e.target;
    if (t.classList.contains("remove")) {
      var item = t.closest(".item");
      item.parentNode.removeChild(item);
      renumber();
      refresh();
    } else if (t.classList.contains("add")) {
      var added = addItem(t.parentNode);
      renumber();
      var first = added.querySelector("input, select");
      if (first) first.focus();
      saveDraft();
    }
  });

  // Items are numbered for people ("Subprocessor 2"); object rows are
  // named path.N.field, N counting from 0 in order.
  function renumber() {
    form.querySelectorAll(".list").forEach(function (box) {
      var label = box.getAttribute("data-item-label");
      box.querySelectorAll(".item").forEach(function (item, i) {
        var input = item.querySelector("input");
        input.id = box.id + "-" + i;
        input.setAttribute("aria-label", label + " " + (i + 1));
        var remove = item.querySelector(".remove");
        if (remove) remove.setAttribute("aria-label", "Remove " + label.toLowerCase() + " " + (i + 1));
      });
    });
    form.querySelectorAll(".rows").forEach(function (box) {
      var name = box.getAttribute("data-name");
      var label = box.getAttribute("data-item-label");
      box.querySelectorAll(":scope > .item").forEach(function (item, i) {
        var legend = item.querySelector("legend");
        if (legend) legend.textContent = label + " " + (i + 1);
        item.querySelectorAll("input[data-col], select[data-col]").forEach(function (input) {
          var col = input.getAttribute("data-col");
          input.name = name + "." + i + "." + col;
          input.id = box.id + "-" + i + "-" + col;
          input.setAttribute("aria-describedby", "e-" + input.id);
          var err = input.closest(".cell") && input.closest(".cell").querySelector(".error");
          if (err) err.id = "e-" + input.id;
        });
        var remove = item.querySelector(".remove");
        if (remove) remove.setAttribute("aria-label", "Remove " + label.toLowerCase() + " " + (i + 1));
      });
    });
  }

  // The agreement's date starts at the day of issue: this browser's day,
  // which in its time zone may not be the server's. It goes with the form
  // as _today, so that the server's previews and downloads take the same
  // day. A date box still at the day the form was drawn for, or at the day
  // a draft was kept on, moves to today; a date the person set (_dated is
  // "chosen" from then on, kept with the draft) stays.
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  var now = new Date();
  var today = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  function hidden(name) {
    var el = form.querySelector("input[name=" + name + "]");
    if (!el) {
      el = document.createElement("input");
      el.type = "hidden";
      el.name = name;
      form.appendChild(el);
    }
    return el;
  }
  var todayBox = hidden("_today");
  var datedBox = hidden("_dated");
  var dateBox = form.querySelector("input[data-dated]");
  function chosen() { datedBox.value = "chosen"; }
  if (dateBox) {
    dateBox.addEventListener("input", chosen);
    dateBox.addEventListener("change", chosen);
  }
  // keepToday moves the date box to today if it holds day, the day the
  // form or the draft started at, and the person has not set it; it
  // reports whether it moved.
  function keepToday(day) {
    var moved = !!dateBox && !!day && datedBox.value !== "chosen" && dateBox.value === day && day !== today;
    if (moved) dateBox.value = today;
    todayBox.value = today;
    return moved;
  }
  function draftValue(draft, name) {
    var p = draft.find(function (p) { return p[0] === name; });
    return p ? p[1] : "";
  }

  // A draft kept in this browser comes back on a form opened afresh; a
  // form the server drew from a submission is the draft.
  var draft = loadDraft(current);
  var submitted = form.hasAttribute("data-submitted");
  var moved = submitted ? keepToday("") : keepToday(form.getAttribute("data-today"));
  // The form as drawn, dated today: what a change of house style replaces
  // without asking.
  initial = others();
  if (submitted || !draft) {
    saveDraft();
    if (moved) refresh();
  } else if (JSON.stringify(draft) !== JSON.stringify(pairs())) {
    restore(draft);
    keepToday(draftValue(draft, "_today"));
    refresh();
  } else if (moved) {
    refresh();
  }
  applyConditions();
})();
