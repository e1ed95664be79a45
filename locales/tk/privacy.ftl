forget-confirm = Siz barada saklaýan ähli maglumatlarymy (dil, tamamlanmadyk gözlegler, abunalar) pozaýynmy? Muny yzyna gaýtaryp bolmaz.
forget-done = Boldy: siz barada saklan ähli maglumatlarymy pozdum. Täzeden başlamak üçin /start iberiň.
choice-forget-yes = Hawa, pozuň
choice-forget-no = Ýok, saklaň
