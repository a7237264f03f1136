"""Browsers: the kinds a run drives (`engines`), starting and quitting them
(`launch`), keeping them between scenarios (`pool`), what a step does to a
session beyond pages (`session`), a Selenium Grid (`grid`), WebKit's display
(`display`), Chromium's DevTools socket (`devtools`) and the run's trust store
for a private CA (`trust`)."""
