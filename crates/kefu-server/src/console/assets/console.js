// kefu console: small progressive enhancements. Every page works without this file;
// with it, the presence board updates live, cascade fields become chained selects,
// confirmations are asked, and secrets can be copied. Text is only ever set with
// textContent, never parsed as HTML.
"use strict";

(function () {
  // Focus the error summary after a failed submission, so screen readers hear it.
  function focusErrors() {
    var summary = document.querySelector(".error-summary[data-focus]");
    if (summary) summary.focus();
  }

  // <form data-confirm="…">: ask before submitting.
  function confirmations() {
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
      });
    });
  }

  // <button data-copy="#selector">: copy that element's text.
  function copyButtons() {
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      button.addEventListener("click", function () {
        var source = document.querySelector(button.getAttribute("data-copy"));
        var status = button.parentElement.querySelector(".copy-status");
        if (!source) return;
        var text = source.textContent;
        var done = function (ok) {
          if (status) status.textContent = ok ? "已复制" : "复制失败，请手动选择复制";
        };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(fallbackCopy(source)); });
        } else {
          done(fallbackCopy(source));
        }
      });
    });
  }

  function fallbackCopy(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    try {
      return document.execCommand("copy");
    } catch (e) {
      return false;
    }
  }

  // A cascade field's select lists every path (its value a JSON list). Replace it by one
  // select per level, built from those paths; the original select keeps the value.
  function cascades() {
    document.querySelectorAll("[data-cascade]").forEach(function (wrapper) {
      var original = wrapper.querySelector("select");
      if (!original) return;
      var paths = [];
      Array.prototype.forEach.call(original.options, function (option) {
        if (!option.value) return;
        try {
          paths.push(JSON.parse(option.value));
        } catch (e) { /* not a path: leave the plain select */ }
      });
      if (!paths.length) return;
      var chosen = [];
      try {
        chosen = original.value ? JSON.parse(original.value) : [];
      } catch (e) { chosen = []; }
      var levels = document.createElement("div");
      levels.className = "cascade-levels";
      original.hidden = true;
      original.setAttribute("aria-hidden", "true");
      original.tabIndex = -1;
      original.parentNode.insertBefore(levels, original.nextSibling);
      var label = wrapper.querySelector("label");
      var labelText = label ? label.textContent.trim() : "";

      function childrenOf(prefix) {
        var names = [];
        paths.forEach(function (path) {
          if (path.length !== prefix.length + 1) return;
          for (var i = 0; i < prefix.length; i++) if (path[i] !== prefix[i]) return;
          names.push(path[prefix.length]);
        });
        return names;
      }

      function rebuild() {
        levels.textContent = "";
        for (var depth = 0; depth <= chosen.length; depth++) {
          var names = childrenOf(chosen.slice(0, depth));
          if (!names.length) break;
          var select = document.createElement("select");
          select.className = "cascade-level";
          select.setAttribute("aria-label", labelText + " 第 " + (depth + 1) + " 级");
          select.dataset.depth = String(depth);
          var empty = document.createElement("option");
          empty.value = "";
          empty.textContent = depth === 0 ? "（未选择）" : "（不再细分）";
          select.appendChild(empty);
          names.forEach(function (name) {
            var option = document.createElement("option");
            option.value = name;
            option.textContent = name;
            if (chosen[depth] === name) option.selected = true;
            select.appendChild(option);
          });
          select.addEventListener("change", function (event) {
            var d = Number(event.target.dataset.depth);
            chosen = chosen.slice(0, d);
            if (event.target.value) chosen.push(event.target.value);
            original.value = chosen.length ? JSON.stringify(chosen) : "";
            rebuild();
            var next = levels.querySelector('select[data-depth="' + d + '"]');
            if (next) next.focus();
          });
          levels.appendChild(select);
        }
      }
      rebuild();
    });
  }

  // The presence board: poll the live endpoint and update cells in place.
  function presenceBoard() {
    var live = document.querySelector("[data-live-url]");
    if (!live) return;
    var url = live.getAttribute("data-live-url");
    var status = live.querySelector("[data-live-status]");
    var timer = null;
    var failures = 0;

    function setText(element, text) {
      if (element && element.textContent !== text) element.textContent = text;
    }

    function apply(data) {
      var seen = {};
      (data.agents || []).forEach(function (agent) {
        seen[agent.sId] = true;
        var row = document.querySelector('tr[data-sid="' + CSS.escape(agent.sId) + '"]');
        if (!row) return;
        var badge = row.querySelector('[data-cell="state"] .state');
        if (badge && badge.textContent !== agent.state) {
          badge.textContent = agent.state;
          badge.className = "state " + (agent.state === "离线" ? "state-off" : agent.state === "在线" ? "state-on" : "state-other") + " flash";
          window.setTimeout(function () { badge.classList.remove("flash"); }, 1500);
        }
        setText(row.querySelector('[data-cell="changed"]'), agent.changed);
        var select = row.querySelector("select[data-state-select]");
        if (select && document.activeElement !== select && select.value !== agent.state) {
          Array.prototype.forEach.call(select.options, function (option) { option.selected = option.value === agent.state; });
        }
        var permission = row.querySelector("[data-permission]");
        if (permission && permission.getAttribute("data-permission") !== agent.callCenter) {
          setText(status, "权限有变化，刷新页面可看到最新操作按钮。");
        }
      });
      (data.counts || []).forEach(function (count) {
        var item = document.querySelector('[data-live-counts] li[data-state="' + CSS.escape(count.state) + '"] strong');
        setText(item, String(count.n));
      });
      var rows = document.querySelectorAll("tr[data-sid]");
      var changed = rows.length !== (data.agents || []).length;
      rows.forEach(function (row) { if (!seen[row.getAttribute("data-sid")]) changed = true; });
      setText(status, changed ? "客服名单有变化，刷新页面可看到全部客服。" : "最后更新 " + data.updated);
    }

    function poll() {
      if (document.hidden) return schedule();
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
          if (response.redirected || !json) throw new Error("signed-out");
          if (!response.ok) throw new Error("http " + response.status);
          return response.json();
        })
        .then(function (data) {
          failures = 0;
          live.classList.remove("stale");
          apply(data);
          schedule();
        })
        .catch(function (error) {
          failures += 1;
          live.classList.add("stale");
          if (error.message === "signed-out") {
            setText(status, "登录已过期，请刷新页面重新登录。");
            return;
          }
          setText(status, "暂时无法更新，稍后重试。");
          schedule();
        });
    }

    function schedule() {
      window.clearTimeout(timer);
      timer = window.setTimeout(poll, failures ? 5000 : 2000);
    }

    document.addEventListener("visibilitychange", function () { if (!document.hidden) poll(); });
    schedule();
  }

  // <input data-agent-picker="/console/agents/pick" list="…">: as the administrator types,
  // fill the field's datalist with the agents the search finds (value: the sId; text: who
  // it is), and show who the sId in the field is.
  function agentPickers() {
    document.querySelectorAll("input[data-agent-picker]").forEach(function (input) {
      var list = document.getElementById(input.getAttribute("list"));
      var picked = document.querySelector('[data-picked-for="' + CSS.escape(input.id) + '"]');
      var url = input.getAttribute("data-agent-picker");
      var known = {};
      var timer = null;
      var asked = "";

      function showPicked() {
        if (!picked) return;
        var label = known[input.value.trim()];
        if (label) picked.textContent = label;
        else if (!input.value.trim()) picked.textContent = "";
      }

      function search() {
        var text = input.value.trim();
        if (!text || text === asked || known[text]) return;
        asked = text;
        fetch(url + "?q=" + encodeURIComponent(text), { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (response) {
            if (!response.ok) throw new Error("http " + response.status);
            return response.json();
          })
          .then(function (agents) {
            if (input.value.trim() !== text) return;
            list.textContent = "";
            agents.forEach(function (agent) {
              // Agents answer their sId; the contact picker (工单) a contact's cId, the
              // company picker (联系人) a company's uId.
              var id = agent.sId || agent.cId || agent.uId;
              known[id] = agent.label;
              var option = document.createElement("option");
              option.value = id;
              option.label = agent.label;
              option.textContent = agent.label;
              list.appendChild(option);
            });
            input.setAttribute("data-suggestions", String(agents.length));
            showPicked();
          })
          .catch(function () { /* the field still takes an sId */ });
      }

      input.addEventListener("input", function () {
        showPicked();
        window.clearTimeout(timer);
        timer = window.setTimeout(search, 200);
      });
      input.addEventListener("change", showPicked);
    });
  }

  // <button data-locate>: fill the sign-in form's coordinates from the browser's location.
  function locateButtons() {
    document.querySelectorAll("button[data-locate]").forEach(function (button) {
      var status = document.querySelector("[data-locate-status]");
      if (!navigator.geolocation) { button.hidden = true; return; }
      button.addEventListener("click", function () {
        if (status) status.textContent = "正在获取位置…";
        navigator.geolocation.getCurrentPosition(function (position) {
          var lat = document.getElementById("f-latitude");
          var lng = document.getElementById("f-longitude");
          if (lat) lat.value = position.coords.latitude.toFixed(6);
          if (lng) lng.value = position.coords.longitude.toFixed(6);
          if (status) status.textContent = "已填入当前位置的坐标。";
        }, function () {
          if (status) status.textContent = "无法获取位置，请手动填写坐标。";
        }, { timeout: 10000 });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    agentPickers();
    locateButtons();
    focusErrors();
    confirmations();
    copyButtons();
    cascades();
    presenceBoard();
  });
})();
