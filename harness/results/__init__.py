"""What a run leaves for people to read: the HTML report (front page,
history, storyboard, prose), the console, failure artifacts and retries of
@flaky scenarios."""
