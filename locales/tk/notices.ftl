notice-header = Tertip üýtgedi: { $product }, { $origin } → { $destination }
notice-added = • Täze ädim: { $step }
notice-changed = • Täzelendi: { $step }
notice-removed = • Indi gerek däl: { $step }
notice-footer = Ähli ädimleri görmek üçin täzeden gözläň. Bu habarlary ýatyrmak üçin: /subscriptions.
