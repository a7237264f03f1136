"""What the report's page carries in its head: the captions of what it shows
under a step, and the style and script that unfold those a reader needs
without a click (failures, screenshots, accessibility problems, storyboards)
and mark those for developers (hidden in print).
"""

from __future__ import annotations

import json
from pathlib import Path

#: The caption of an accessibility problem noted under its step.
ACCESSIBILITY_CAPTION = "Accessibility problem"
#: Captions of what the report says under a step that did not pass: shown
#: open. (The developers' part stays folded.)
FAILURE_CAPTION = "What went wrong"
WORDING_CAPTION = "A problem with the wording"
UNDEFINED_CAPTION = "Not in the step catalogue"
DEVELOPER_CAPTION = "For developers"
#: What behave-html-pretty-formatter says under a failed or undefined step
#: itself: a Python error and traceback, or a Python snippet. Replaced.
FORMATTERS_OWN = ("Error Message", "Error Traceback")
STORYBOARD_CAPTION = "Storyboard: what each person saw after each step"
#: Attachments for developers: hidden when the report is printed.
FOR_DEVELOPERS = (DEVELOPER_CAPTION, "Note")
#: The formatter folds every attachment away; a reader should see a failure's
#: error line, screenshots and accessibility problems without a click (the
#: rest stays folded).
PAGE_HEAD = (
    "<style>"
    + (Path(__file__).with_name("report.css")).read_text(encoding="utf-8")
    + """</style>
<script>
const OPEN_CAPTIONS = {open captions};
const FOR_DEVELOPERS = {developer captions};
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll(".embed-button")) {
    const content = document.getElementById(button.id.replace("embed_button_", "embed_"));
    const shown = OPEN_CAPTIONS.includes(button.textContent);
    if (content && (shown || content.querySelector("img"))) {
      button.classList.remove("collapse");
      content.classList.remove("collapse");
    }
    if (content && shown) {  // for reading: no "Download HTML" buttons above it
      for (const bar of content.querySelectorAll(":scope > .display-flex")) bar.remove();
    }
    if (content && FOR_DEVELOPERS.includes(button.textContent)) {
      button.classList.add("for-developers");
      content.classList.add("for-developers");
    }
  }
});
</script>""".replace(
        "{open captions}",
        json.dumps(
            [
                ACCESSIBILITY_CAPTION,
                FAILURE_CAPTION,
                WORDING_CAPTION,
                UNDEFINED_CAPTION,
                STORYBOARD_CAPTION,
            ]
        ),
    ).replace("{developer captions}", json.dumps(list(FOR_DEVELOPERS)))
)
