// A "Copy" button beside each text of the cite box. Without JavaScript the texts stay
// selectable, so this only saves a step.
for (const field of document.querySelectorAll("textarea[data-copy]")) {
  const button = document.createElement("button");
  const status = document.createElement("span");
  button.type = "button";
  button.textContent = "Copy";
  status.setAttribute("role", "status");
  button.addEventListener("click", async () => {
    field.select();
    try {
      await navigator.clipboard.writeText(field.value);
      status.textContent = " Copied.";
    } catch {
      // No clipboard access (a page served over plain HTTP): the text is selected to copy by hand.
      status.textContent = " Press Ctrl+C (⌘C) to copy.";
    }
  });
  field.after(button, status);
}
