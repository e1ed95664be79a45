answer-header = { $product } (HS { $hs }): { $origin } → { $destination }
answer-side-export = Eksport — { $country }:
answer-side-crossing = Serhetde:
answer-side-import = Import — { $country }:
answer-posts = Serhet geçelgeleri: { $posts }
answer-footer =
    { $count ->
        [one] Resminamalary, bahasyny, möhletini we kanuny esasyny görmek üçin ädime basyň.
       *[other] Resminamalary, bahasyny, möhletini we kanuny esasyny görmek üçin islendik ädime basyň.
    }
answer-next = Indi näme?
detail-agency = Edara: { $agency }
detail-documents = Resminamalar: { $documents }
detail-cost = Bahasy: { $cost }
detail-time = Möhleti: { $time }
detail-figure-unknown = çeşmelerimizde tassyklanmadyk; şu ýerden anyklaň: { $contact }
detail-figure-unknown-portal = çeşmelerimizde tassyklanmadyk; { $portal } resmi portalyndan anyklaň
detail-legal = Kanuny esas: { $basis }
detail-source = Çeşme: { $source }
detail-verified = Barlandy: { $date }
choice-new = 🔎 Täze gözleg
choice-other-destination = Haryt başga ýurda
choice-language = 🌐 Dil
choice-prev-step = ◀ Öňki ädim
choice-next-step = Indiki ädim ▶
choice-back = ↩ Yza
choice-documents = 📄 Resminamalar
documents-header = Resminamalar: { $product }, { $origin } → { $destination }
documents-line =
    { $count ->
        [one] ☐ { $document } (ädim { $steps })
       *[other] ☐ { $document } (ädimler: { $steps })
    }
documents-footer = Resminamany kimiň berýändigini we kanuny esasyny görmek üçin ädime basyň.
documents-none = Çeşmelerimizde bu ugur üçin resminamalar görkezilmändir; ädimlerdäki portallardan anyklaň.
