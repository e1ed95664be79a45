# Temporary measures (bans, quotas, licences): the answer's first lines, notices, admin.
measure-coming = 🔜 From { $start }: { $text }
measure-until = Until { $end } inclusive
measure-until-cancelled = Until cancelled
measure-act = { $title } № { $number } of { $date }
measure-notice-published = 📢 A temporary measure on your route { $flow }:
measure-notice-starts = 📢 Tomorrow a temporary measure takes effect on your route { $flow }:
measure-notice-ends = 📢 Today is the last day of a temporary measure on your route { $flow }:
measure-notice-footer = Check the act before you ship. /subscriptions to stop these messages.
kb-problem-measure-dates = the measure ends before it starts
kb-problem-measure-partners = a sanitary ban or transit measure must name the countries the goods come from (partners)
admin-measure-usage =
    Temporary measures:
    /measure — those in force or coming
    /measure add — then one measure as YAML, as in measures.yaml
    /measure extend ID YYYY-MM-DD|open NUMBER YYYY-MM-DD — a new end, by the act (number, date)
    /measure end ID YYYY-MM-DD [NUMBER YYYY-MM-DD] — the last day in force
    Every change is shown for you to apply first.
admin-measure-list = Temporary measures in force or coming:
admin-measure-none = No temporary measure is in force or coming.
admin-measure-unknown = No measure has the id { $id }. /measure lists them.
admin-measure-bad-date = Dates are written YYYY-MM-DD ('open': until cancelled).
admin-measure-not-later = An extension must end later than now ({ $end }).
admin-measure-not-earlier = To end a measure early, give a day from { $start } to before { $end }.
admin-measure-exists = A measure with the id { $id } already exists: extend or end it instead.
admin-measure-unreadable = After /measure add, write one measure as YAML (a mapping with id, country, direction, ...).
