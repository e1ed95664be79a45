origin-prompt = { $product }: tovar qaysi davlatdan ketadi?
destination-prompt = { $product }, qayerdan: { $origin }. Tovar qaysi davlatga boradi?
country-not-offered = Bu yoʻnalish boʻyicha { $country } uchun menda hozircha tartib-taomillar yoʻq. Iltimos, roʻyxatdan tanlang.
country-unknown = Bu davlatni taniy olmadim. Iltimos, roʻyxatdan tanlang.
