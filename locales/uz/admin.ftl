admin-menu =
    Administrator. Bilimlar bazasini yangilash uchun bilim faylini yuboring (.yaml yoki data papkasining .zip arxivi).
    /stats – raqamlar va diagramma
    /history – bilimlar bazasi versiyalari
    /rollback N – N versiyani qayta yoqish
    /broadcast matn – barcha faol foydalanuvchilarga xabar
    /incidents – chegaradagi hodisalar haqida xabarlar
    /measure – vaqtinchalik taqiqlar va kvotalar: roʻyxat, qoʻshish, uzaytirish, tugatish
admin-choice-stats = 📊 Statistika
admin-choice-history = 🗂 Versiyalar
admin-choice-incidents = 🛂 Hodisalar
admin-choice-apply = ✅ Qoʻllash
admin-choice-send = ✅ Yuborish
admin-choice-cancel = ✖ Bekor qilish
admin-cancelled = Bekor qilindi. Hech narsa oʻzgarmadi.
admin-upload-too-big = Fayl juda katta (koʻpi bilan 5 MB). Hech narsa oʻzgarmadi.
admin-upload-unreadable = Faqat UTF-8 kodlashdagi .yaml fayllarini yoki ularning .zip arxivini oʻqiy olaman. Hech narsa oʻzgarmadi.
admin-upload-invalid =
    { $count ->
        [one] Faylda bitta xato bor; hech narsa oʻzgarmadi:
       *[other] Faylda { $count } ta xato bor; hech narsa oʻzgarmadi:
    }
admin-upload-no-change = Fayl amaldagi bilimlar bazasi bilan bir xil: oʻzgartiradigan narsa yoʻq.
admin-upload-preview =
    { $count ->
        [one] Bitta oʻzgarish. Qoʻllaymizmi?
       *[other] { $count } ta oʻzgarish. Qoʻllaymizmi?
    }
admin-rollback-preview =
    { $count ->
        [one] Orqaga qaytarish bitta narsani oʻzgartiradi. Qoʻllaymizmi?
       *[other] Orqaga qaytarish { $count } ta oʻzgarish kiritadi. Qoʻllaymizmi?
    }
admin-change-added = + { $section }: { $name }
admin-change-changed = ~ { $section }: { $name }
admin-change-removed = − { $section }: { $name }
admin-more = … va yana { $count } ta
admin-import-done = { $version }-versiya endi amalda. Obunachilar uchun navbatga qoʻyilgan xabarlar: { $notices }.
admin-history = Bilimlar bazasi versiyalari (* = amaldagi):
admin-rollback-usage = Foydalanish: /rollback N, bu yerda N – /history roʻyxatidagi versiya.
admin-broadcast-usage = Foydalanish: /broadcast va undan keyin xabar matni.
admin-broadcast-preview =
    Bu xabar { $count } ta faol foydalanuvchiga yuborilsinmi?

    { $text }
admin-broadcast-queued = #{ $id } tarqatma { $count } ta foydalanuvchi uchun navbatga qoʻyildi. Jarayon shu yerda koʻrsatiladi.
admin-broadcast-progress = #{ $id } tarqatma: yuborildi { $sent } / { $total }, yetib bormadi { $failed }.
admin-stats-header = Statistika
admin-stats-channels = Kanallar boʻyicha foydalanuvchilar: { $list }
admin-stats-languages = Tillar boʻyicha foydalanuvchilar: { $list }
admin-stats-countries = Joʻnatuvchi davlat boʻyicha yoʻnalishlar: { $list }
admin-stats-queries = Koʻp qidirilganlar (30 kun): { $list }
admin-stats-daily = Kunlar boʻyicha qidiruvlar (oxirgi 7 kun): { $list }
admin-stats-flows = Koʻp yoʻnalishlar: { $list }
admin-stats-gaps = Natijasiz qidiruvlar: { $list }
admin-stats-feedback = Foydali: ha – { $yes }, yoʻq – { $no }
admin-incidents-header = Chegaradagi hodisalar haqida xabarlar (oy · oʻtish punkti · vaziyat: soni):
admin-incidents-none = Hodisalar haqida xabarlar hozircha yoʻq.
