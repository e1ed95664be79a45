notice-header = The procedure has changed for { $product }: { $origin } → { $destination }
notice-added = • New step: { $step }
notice-changed = • Updated: { $step }
notice-removed = • No longer needed: { $step }
notice-footer = Search again to see the full procedure. /subscriptions to stop these messages.
