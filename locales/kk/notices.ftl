notice-header = Рәсім өзгерді: { $product }, { $origin } → { $destination }
notice-added = • Жаңа қадам: { $step }
notice-changed = • Жаңартылды: { $step }
notice-removed = • Енді қажет емес: { $step }
notice-footer = Барлық қадамды көру үшін қайта іздеңіз. Бұл хабарламаларды тоқтату үшін: /subscriptions.
