admin-menu =
    Administrator. Bilim bazasyny täzelemek üçin bilim faýlyny iberiň (.yaml ýa-da data bukjasynyň .zip arhiwi).
    /stats – sanlar we diagramma
    /history – bilim bazasynyň wersiýalary
    /rollback N – N wersiýany gaýtadan işletmek
    /broadcast tekst – ähli işjeň ulanyjylara habar
    /incidents – serhetdäki wakalar barada habarlar
    /measure – wagtlaýyn gadagançylyklar we kwotalar: sanaw, goşmak, uzaltmak, gutarmak
admin-choice-stats = 📊 Statistika
admin-choice-history = 🗂 Wersiýalar
admin-choice-incidents = 🛂 Wakalar
admin-choice-apply = ✅ Ulanmak
admin-choice-send = ✅ Ibermek
admin-choice-cancel = ✖ Ýatyrmak
admin-cancelled = Ýatyryldy. Hiç zat üýtgemedi.
admin-upload-too-big = Faýl gaty uly (iň köp 5 MB). Hiç zat üýtgemedi.
admin-upload-unreadable = Men diňe UTF-8 kodlamadaky .yaml faýllaryny ýa-da olaryň .zip arhiwini okap bilýärin. Hiç zat üýtgemedi.
admin-upload-invalid =
    { $count ->
        [one] Faýlda bir ýalňyşlyk bar; hiç zat üýtgemedi:
       *[other] Faýlda { $count } ýalňyşlyk bar; hiç zat üýtgemedi:
    }
admin-upload-no-change = Faýl işjeň bilim bazasy bilen gabat gelýär: üýtgetjek zat ýok.
admin-upload-preview =
    { $count ->
        [one] Bir üýtgeşme. Ulanaýynmy?
       *[other] { $count } üýtgeşme. Ulanaýynmy?
    }
admin-rollback-preview =
    { $count ->
        [one] Yza gaýtarmak bir zady üýtgedýär. Ulanaýynmy?
       *[other] Yza gaýtarmak { $count } üýtgeşme girizýär. Ulanaýynmy?
    }
admin-change-added = + { $section }: { $name }
admin-change-changed = ~ { $section }: { $name }
admin-change-removed = − { $section }: { $name }
admin-more = … we ýene { $count }
admin-import-done = { $version } wersiýa indi işjeň. Abunaçylar üçin nobata goýlan habarlar: { $notices }.
admin-history = Bilim bazasynyň wersiýalary (* = işjeň):
admin-rollback-usage = Ulanylyşy: /rollback N, bu ýerde N – /history sanawyndaky wersiýa.
admin-broadcast-usage = Ulanylyşy: /broadcast we ondan soň habaryň teksti.
admin-broadcast-preview =
    Bu habary { $count } işjeň ulanyja ibereýinmi?

    { $text }
admin-broadcast-queued = #{ $id } iberiş { $count } ulanyjy üçin nobata goýuldy. Gidişi şu ýerde görkeziler.
admin-broadcast-progress = #{ $id } iberiş: { $total } habardan { $sent } iberildi, { $failed } barmady.
admin-stats-header = Statistika
admin-stats-channels = Kanallar boýunça ulanyjylar: { $list }
admin-stats-languages = Diller boýunça ulanyjylar: { $list }
admin-stats-countries = Çykýan ýurt boýunça ugurlar: { $list }
admin-stats-queries = Köp gözlenenler (30 gün): { $list }
admin-stats-daily = Günler boýunça gözlegler (soňky 7 gün): { $list }
admin-stats-flows = Köp ugurlar: { $list }
admin-stats-gaps = Netijesiz gözlegler: { $list }
admin-stats-feedback = Peýdaly: hawa – { $yes }, ýok – { $no }
admin-incidents-header = Serhetdäki wakalar barada habarlar (aý · geçelge · ýagdaý: sany):
admin-incidents-none = Wakalar barada habar entek ýok.
