notice-header = Tartib oʻzgardi: { $product }, { $origin } → { $destination }
notice-added = • Yangi qadam: { $step }
notice-changed = • Yangilandi: { $step }
notice-removed = • Endi kerak emas: { $step }
notice-footer = Barcha qadamlarni koʻrish uchun qaytadan qidiring. Bu xabarlarni toʻxtatish uchun: /subscriptions.
