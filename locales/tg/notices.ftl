notice-header = Тартибот тағйир ёфт: { $product }, { $origin } → { $destination }
notice-added = • Қадами нав: { $step }
notice-changed = • Навсозӣ шуд: { $step }
notice-removed = • Дигар лозим нест: { $step }
notice-footer = Барои дидани ҳамаи қадамҳо боз ҷустуҷӯ кунед. Барои қатъ кардани ин паёмҳо: /subscriptions.
