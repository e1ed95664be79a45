admin-menu =
    Admin. Send a knowledge file (.yaml, or a .zip of the data folder) to update the knowledge base.
    /stats – numbers and chart
    /history – knowledge versions
    /rollback N – serve version N again
    /broadcast text – message every active user
    /incidents – border incident reports
    /measure – temporary bans and quotas: list, add, extend, end
admin-choice-stats = 📊 Stats
admin-choice-history = 🗂 Versions
admin-choice-incidents = 🛂 Incidents
admin-choice-apply = ✅ Apply
admin-choice-send = ✅ Send
admin-choice-cancel = ✖ Cancel
admin-cancelled = Cancelled. Nothing was changed.
admin-upload-too-big = The file is too large (at most 5 MB). Nothing was changed.
admin-upload-unreadable = I can read only .yaml files or a .zip of them, in UTF-8. Nothing was changed.
admin-upload-invalid =
    { $count ->
        [one] The file has one problem; nothing was changed:
       *[other] The file has { $count } problems; nothing was changed:
    }
admin-upload-no-change = The file matches the active knowledge: nothing to change.
admin-upload-preview =
    { $count ->
        [one] One change. Apply it?
       *[other] { $count } changes. Apply them?
    }
admin-rollback-preview =
    { $count ->
        [one] Going back changes one thing. Apply?
       *[other] Going back makes { $count } changes. Apply?
    }
admin-change-added = + { $section }: { $name }
admin-change-changed = ~ { $section }: { $name }
admin-change-removed = − { $section }: { $name }
admin-more = … and { $count } more
admin-import-done = Version { $version } is now active. Notices queued for subscribers: { $notices }.
admin-history = Knowledge versions (* = active):
admin-rollback-usage = Usage: /rollback N, where N is a version from /history.
admin-broadcast-usage = Usage: /broadcast followed by the message text.
admin-broadcast-preview =
    Send this message to { $count } active users?

    { $text }
admin-broadcast-queued = Broadcast #{ $id } queued for { $count } users. Progress will be shown here.
admin-broadcast-progress = Broadcast #{ $id }: sent { $sent } of { $total }, failed { $failed }.
admin-stats-header = Stats
admin-stats-channels = Users by channel: { $list }
admin-stats-languages = Users by language: { $list }
admin-stats-countries = Flows by origin country: { $list }
admin-stats-queries = Top searches (30 days): { $list }
admin-stats-daily = Searches per day (last 7 days): { $list }
admin-stats-flows = Top flows: { $list }
admin-stats-gaps = Searches with no match: { $list }
admin-stats-feedback = Helpful: { $yes } yes, { $no } no
admin-incidents-header = Border incident reports (month · crossing · situation: count):
admin-incidents-none = No incident reports yet.
