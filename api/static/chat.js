// Medvirk chat page: sends each turn to POST /api/chat and shows the bot's texts and buttons.
"use strict";

const log = document.getElementById("log");
const statusLine = document.getElementById("status");
const composer = document.getElementById("composer");
const input = document.getElementById("message");

const TEXT = {
  nb: { offline: "Fikk ikke kontakt. Prøv igjen om litt.", resume: "Lenke for å fortsette senere" },
  en: { offline: "Could not connect. Please try again shortly.", resume: "Link to continue later" },
};

function browserLanguage() {
  const preferred = (navigator.languages || [navigator.language || "nb"]).map((l) => l.toLowerCase());
  const first = preferred.find((l) => /^(nb|nn|no|en)/.test(l)) || "nb";
  return first.startsWith("en") ? "en" : "nb";
}

function senderId() {
  // An opaque random id, kept only in this browser so a reload continues the conversation.
  let id = localStorage.getItem("medvirk.sender");
  if (!id) {
    id = crypto.randomUUID().replaceAll("-", "");
    localStorage.setItem("medvirk.sender", id);
  }
  return id;
}

const language = browserLanguage();
const sender = senderId();
document.documentElement.lang = language;

function show(text, who) {
  const item = document.createElement("li");
  item.className = who;
  item.textContent = text;
  log.appendChild(item);
  item.scrollIntoView({ block: "end" });
  return item;
}

function showButtons(item, buttons) {
  const row = document.createElement("div");
  row.className = "buttons";
  for (const button of buttons) {
    const element = document.createElement("button");
    element.type = "button";
    element.textContent = button.title;
    element.addEventListener("click", () => {
      row.querySelectorAll("button").forEach((b) => (b.disabled = true));
      send(button.payload, button.title);
    });
    row.appendChild(element);
  }
  item.appendChild(row);
}

function showResumeLink(code) {
  // A link that continues this conversation from any device, even after a restart.
  const item = show("", "bot");
  const link = document.createElement("a");
  link.href = `${window.location.pathname}?resume=${encodeURIComponent(code)}`;
  link.textContent = TEXT[language].resume;
  link.className = "resume-link";
  item.appendChild(link);
}

async function send(message, shownAs) {
  if (shownAs !== null) show(shownAs, "user");
  statusLine.textContent = "";
  try {
    const response = await fetch("/api/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender, message }),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    for (const reply of await response.json()) {
      if (reply.text) {
        const item = show(reply.text, "bot");
        if (reply.buttons && reply.buttons.length) showButtons(item, reply.buttons);
      }
      if (reply.custom && reply.custom.resume_code) showResumeLink(reply.custom.resume_code);
    }
  } catch (error) {
    statusLine.textContent = TEXT[language].offline;
  }
}

composer.addEventListener("submit", (event) => {
  event.preventDefault();
  const message = input.value.trim();
  if (!message) return;
  input.value = "";
  send(message, message);
});

input.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey) {
    event.preventDefault();
    composer.requestSubmit();
  }
});

function openingPayload() {
  // The invite code comes in the link (/?code=...), a resume code in /?resume=...; without
  // either the bot continues this browser's unfinished conversation or asks for the code.
  const query = new URLSearchParams(window.location.search);
  const entities = { language };
  const code = query.get("code");
  const resume = query.get("resume");
  if (code) entities.invite_code = code.slice(0, 64);
  if (resume) entities.resume_code = resume.slice(0, 64);
  return `/greet${JSON.stringify(entities)}`;
}

send(openingPayload(), null);
