choice-subscribe = 🔔 Abuna bolmak
choice-unsubscribe = 🔕 Abunany ýatyrmak
choice-unsubscribe-n = 🔕 Ýatyrmak: { $n }
choice-helpful-yes = 👍 Peýdaly
choice-helpful-no = 👎 Kömek etmedi
choice-expert = 💬 Hünärmenden soraň
subscribe-done = { $flow } boýunça tertip üýtgese, size habar bererin. Habarlary görmek ýa-da ýatyrmak üçin /subscriptions iberiň.
subscribe-limit = Siz eýýäm { $limit } ugry yzarlaýarsyňyz, bu iň köp mukdar. Ilki olaryň birini ýatyryň (/subscriptions).
unsubscribe-done = { $flow } boýunça habarlar ýatyryldy.
subscriptions-none = Siz entek hiç bir ugry yzarlamaýarsyňyz. Jogapdan soň “Abuna bolmak” düwmesine basyň.
subscriptions-list =
    { $count ->
        [one] Siz şu ugry yzarlaýarsyňyz:
       *[other] Siz şu { $count } ugry yzarlaýarsyňyz:
    }
feedback-thanks = Sag boluň! Jogabyňyz bize gowulaşmaga kömek edýär.
feedback-ask-comment = Kömek etmändigine gynanýarys. Näme ýetmedi? Birnäçe söz bilen ýazyň (iň köp { $limit } nyşan) ýa-da “Geçmek” düwmesine basyň.
expert-ask = Hünärmen üçin soragyňyzy ýazyň (iň köp { $limit } nyşan). Ugur: { $flow }. Jogap şu ýere geler.
expert-sent = Soragyňyz hünärmene iberildi. Jogap şu çata geler.
expert-forward =
    Sorag #{ $id } (dil: { $lang }; ugur: { $flow })
    { $question }

    Söwdagäre jogap bermek üçin şu habara jogap ýazyň.
expert-answer = Soragyňyza hünärmeniň jogaby:
    { $answer }
expert-delivered = #{ $id } soraga jogap söwdagära ugradylýar.
expert-unknown-question = #{ $id } sorag ýok.
