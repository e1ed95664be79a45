# Telefon üçin gepleşik (issue 16).
answer-part-export =
    { $count ->
        [1] 📤 Eksport, { $country }: { $steps }-nji ädim
       *[other] 📤 Eksport, { $country }: { $steps } ädimler
    }
answer-part-crossing =
    { $count ->
        [1] 🛃 Serhetde: { $steps }-nji ädim
       *[other] 🛃 Serhetde: { $steps } ädimler
    }
answer-part-import =
    { $count ->
        [1] 📥 Import, { $country }: { $steps }-nji ädim
       *[other] 📥 Import, { $country }: { $steps } ädimler
    }
answer-documents-count = 📄 Ýygnamaly resminamalar: { $count }
answer-posts-short = 🚧 Serhet geçelgeleri: { $posts }
answer-hint = Ädimlerini görmek üçin bölümi basyň ýa-da ädimiň belgisini ýazyň.
choice-part-export = 📤 Eksport { $steps }
choice-part-crossing = 🛃 Serhet { $steps }
choice-part-import = 📥 Getiriş { $steps }
choice-more-actions = ⋯ Ýene
side-hint = Ädimi basyň: resminamalar, bahasy, möhleti we hukuk esasy.
choice-more = Ýene ▶ { $page }/{ $pages }
documents-tick-hint = Resminama elinizde bolsa, ony basyň: men ýatda saklaryn.
choice-doc-have = ☑ { $document }
choice-doc-need = ☐ { $document }
product-next-candidates = Onda belki şulardan biridir?
product-generic = «{ $query }» birnäçe harytdyr. Haýsysy?
report-thanks-short = Sag boluň: habaryňyz adyňyzsyz we belgiňizsiz saklandy.
smalltalk-greeting = Salam! Haýsy harydy daşaýandygyňyzy ýazyň (meselem: kakadylan erik, futbolka) ýa-da düwmä basyň.
smalltalk-thanks = Hiç zat däl! Ak ýol. Başga harydy islän wagtyňyz ýazyň.
smalltalk-operator = Men awtomatik kömekçi: bu çaty adam okamaýar. Her ädimiň resmi tertibini we kimden soramalydygyny görkezýärin.
smalltalk-operator-expert = Men awtomatik kömekçi. Adama ýazmak üçin jogabyň aşagyndaky «Hünärmenden soraň» düwmesine basyň.
question-offer = Bu harydyň ady däl-de, soraga meňzeýär.
question-step = Jogaby ugruňyzyň { $number }-nji ädiminde bolup biler: { $title }.
question-expert = Soragy hünärmene iberip bilersiňiz.
question-no-route = Harydy ýazyň we ugry saýlaň: her ädimde resminamalar, bahasy we möhleti bar.
choice-open-step = { $number }-nji ädim
place-country = { $place }: { $country }.
sentence-need-product = { $origin } → { $destination }: haýsy haryt? Adyny ýazyň.
