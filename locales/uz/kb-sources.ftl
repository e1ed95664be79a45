kb-problem-source-countries = { $source } manbasi { $countries } davlatlariga taalluqli emas: har bir davlat uchun oʻz manbasini koʻrsating yoki u qamrab olgan davlatlarni sanab oʻting
