/* The shop assistant's chat widget: vanilla JS, no dependencies.
   Every text from the server is inserted with textContent, never as HTML. */
(function () {
  "use strict";
  var root = document.querySelector(".mai-assistant");
  if (!root) { return; }
  var endpoint = root.dataset.endpoint;
  var toggle = root.querySelector(".mai-assistant-toggle");
  var panel = root.querySelector(".mai-assistant-panel");
  var closeButton = root.querySelector(".mai-assistant-close");
  var log = root.querySelector(".mai-assistant-log");
  var form = root.querySelector(".mai-assistant-form");
  var input = root.querySelector("#mai-assistant-input");
  var sendButton = root.querySelector(".mai-assistant-send");
  var storageKey = "marketing_ai.assistant.thread";
  var threadId = window.sessionStorage.getItem(storageKey);
  var seen = {};
  var pollTimer = null;

  function text(name) { return root.dataset["text" + name] || ""; }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : root.dataset.csrf;
  }

  function request(method, url, body) {
    return fetch(url, {
      method: method,
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrfToken()},
      body: body ? JSON.stringify(body) : undefined
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) {
          var error = new Error(response.status === 429 ? text("Throttled") : firstError(data) || text("Error"));
          error.status = response.status;
          throw error;
        }
        return data;
      });
    });
  }

  function firstError(data) {
    if (!data) { return ""; }
    if (typeof data.detail === "string") { return data.detail; }
    for (var key in data) {
      if (Array.isArray(data[key]) && data[key].length) { return String(data[key][0]); }
    }
    return "";
  }

  function element(tag, className, content) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (content !== undefined && content !== null) { node.textContent = String(content); }
    return node;
  }

  function productCard(part) {
    var card = element("article", "mai-card");
    var title = element("h3", "mai-card-title");
    if (part.url) {
      var link = element("a", null, part.title);
      link.href = part.url;
      title.appendChild(link);
    } else {
      title.textContent = part.title;
    }
    card.appendChild(title);
    if (part.price !== null && part.price !== undefined) { card.appendChild(element("p", "mai-card-price", part.price)); }
    card.appendChild(element("p", "mai-card-stock", part.available ? text("Available") : text("Unavailable")));
    var details = [];
    for (var key in (part.attributes || {})) {
      var value = part.attributes[key];
      details.push(key + ": " + (Array.isArray(value) ? value.join(", ") : value));
    }
    if (details.length) { card.appendChild(element("p", "mai-card-attributes", details.slice(0, 3).join(" · "))); }
    return card;
  }

  function orderStatus(part) {
    var box = element("div", "mai-order");
    box.appendChild(element("p", "mai-order-title", text("Order") + " " + part.number + " — " + part.status_label));
    var list = element("ul", "mai-order-lines");
    (part.lines || []).forEach(function (line) { list.appendChild(element("li", null, line.quantity + " × " + line.title)); });
    box.appendChild(list);
    return box;
  }

  function comparison(part) {
    var table = element("table", "mai-compare");
    var head = element("tr");
    head.appendChild(element("th", null, text("Attribute")));
    part.products.forEach(function (product) { head.appendChild(element("th", null, product.title)); });
    table.appendChild(head);
    part.rows.forEach(function (row) {
      var tr = element("tr");
      tr.appendChild(element("th", null, row.attribute));
      row.values.forEach(function (value) { tr.appendChild(element("td", null, value)); });
      table.appendChild(tr);
    });
    return table;
  }

  function suggestionButtons(part) {
    var box = element("div", "mai-suggestions");
    part.replies.forEach(function (reply, index) {
      var button = element("button", "mai-suggestion", reply);
      // Send the untranslated message the assistant understands; show the translated label.
      var message = (part.messages && part.messages[index]) || reply;
      button.type = "button";
      button.addEventListener("click", function () { send(message, reply); });
      box.appendChild(button);
    });
    return box;
  }

  function render(message) {
    if (message.id && seen[message.id]) { return; }
    if (message.id) { seen[message.id] = true; }
    var item = element("li", "mai-msg mai-msg-" + message.role);
    var who = message.role === "shopper" ? text("You") : message.role === "staff" ? text("Staff") : text("Assistant");
    item.appendChild(element("span", "mai-visually-hidden", who + ": "));
    item.appendChild(element("p", "mai-msg-text", message.text));
    var cards = null;
    (message.parts || []).forEach(function (part) {
      if (part.type === "product") {
        if (!cards) { cards = element("div", "mai-cards"); item.appendChild(cards); }
        cards.appendChild(productCard(part));
      } else if (part.type === "order_status") {
        item.appendChild(orderStatus(part));
      } else if (part.type === "comparison") {
        item.appendChild(comparison(part));
      } else if (part.type === "suggestions") {
        item.appendChild(suggestionButtons(part));
      } else if (part.type === "handoff") {
        var notice = element("p", "mai-handoff", text("Handoff"));
        notice.setAttribute("role", "status");
        item.appendChild(notice);
        startPolling();
      }
    });
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
  }

  function showError(message) {
    var item = element("li", "mai-msg mai-msg-error", message);
    item.setAttribute("role", "alert");
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
  }

  function ensureThread() {
    if (threadId) {
      return request("GET", endpoint + threadId + "/").then(function (thread) {
        thread.messages.forEach(render);
        if (thread.status === "handed_off") { startPolling(); }
        return threadId;
      }).catch(function () { threadId = null; return ensureThread(); });
    }
    return request("POST", endpoint, {}).then(function (thread) {
      threadId = thread.id;
      window.sessionStorage.setItem(storageKey, threadId);
      return threadId;
    });
  }

  var ready = null;

  function send(message, shown) {
    // ``shown``: what the shopper's bubble says when it differs from what is sent (a suggestion).
    message = (message || "").trim();
    if (!message) { return; }
    sendButton.disabled = true;
    render({role: "shopper", text: shown || message, parts: []});
    (ready || (ready = ensureThread())).then(function (id) {
      var body = {text: message};
      if (root.dataset.productId) { body.product_id = root.dataset.productId; }
      return request("POST", endpoint + id + "/messages/", body);
    }).then(function (data) {
      render(data.reply);
    }).catch(function (error) {
      if (error.status === 404) { window.sessionStorage.removeItem(storageKey); threadId = null; ready = null; }
      showError(error.message || text("Error"));
    }).then(function () {
      sendButton.disabled = false;
      input.focus();
    });
  }

  function startPolling() {
    // After a hand-off, staff replies arrive in the history: look for them now and then.
    if (pollTimer || !threadId) { return; }
    pollTimer = window.setInterval(function () {
      if (panel.hidden) { return; }
      request("GET", endpoint + threadId + "/").then(function (thread) {
        thread.messages.forEach(function (message) { if (message.role === "staff") { render(message); } });
      }).catch(function () {});
    }, 10000);
  }

  function open() {
    panel.hidden = false;
    toggle.setAttribute("aria-expanded", "true");
    root.classList.add("mai-open");
    if (!ready && threadId) { ready = ensureThread(); }
    input.focus();
  }

  function close() {
    panel.hidden = true;
    toggle.setAttribute("aria-expanded", "false");
    root.classList.remove("mai-open");
    toggle.focus();
  }

  toggle.addEventListener("click", function () { if (panel.hidden) { open(); } else { close(); } });
  closeButton.addEventListener("click", close);
  panel.addEventListener("keydown", function (event) { if (event.key === "Escape") { close(); } });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var message = input.value;
    input.value = "";
    send(message);
  });
  document.querySelectorAll("[data-mai-assistant-open]").forEach(function (button) {
    button.addEventListener("click", open);
  });
}());
