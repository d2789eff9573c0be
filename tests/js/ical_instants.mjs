// Reads an iCalendar file with ical.js (Mozilla's calendar engine, the one inside Thunderbird) and
// prints, for each VEVENT, its UID, the UTC instants of its start and end, its status and summary as JSON.
// Usage: node ical_instants.mjs FILE.ics
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const calendar = new ICAL.Component(ICAL.parse(readFileSync(process.argv[2], "utf8")));
// Register the file's own time zones, as Thunderbird does, instead of any built-in definition.
for (const zone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(zone);
}
const instant = (time) => (time.isDate ? time.toString() : time.toJSDate().toISOString());
const events = calendar.getAllSubcomponents("vevent").map((component) => {
  const event = new ICAL.Event(component);
  return {
    uid: event.uid,
    start: instant(event.startDate),
    end: instant(event.endDate),
    status: component.getFirstPropertyValue("status"),
    summary: event.summary,
  };
});
process.stdout.write(JSON.stringify(events));
