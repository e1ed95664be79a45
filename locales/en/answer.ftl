answer-header = { $product } (HS { $hs }): { $origin } → { $destination }
answer-side-export = Export from { $country }:
answer-side-crossing = At the border:
answer-side-import = Import into { $country }:
answer-posts = Border crossings: { $posts }
answer-footer =
    { $count ->
        [one] Tap the step to see its documents, cost, time and legal basis.
       *[other] Tap a step to see its documents, cost, time and legal basis.
    }
answer-next = What next?
detail-agency = Agency: { $agency }
detail-documents = Documents: { $documents }
detail-cost = Cost: { $cost }
detail-time = Time: { $time }
detail-figure-unknown = not confirmed in our sources; check with { $contact }
detail-figure-unknown-portal = not confirmed in our sources; check the official portal { $portal }
detail-legal = Legal basis: { $basis }
detail-source = Source: { $source }
detail-verified = Checked: { $date }
choice-new = 🔎 New search
choice-other-destination = Other country
choice-language = 🌐 Language
choice-prev-step = ◀ Previous step
choice-next-step = Next step ▶
choice-back = ↩ Back
choice-documents = 📄 Document checklist
documents-header = Documents for { $product }: { $origin } → { $destination }
documents-line =
    { $count ->
        [one] ☐ { $document } (step { $steps })
       *[other] ☐ { $document } (steps { $steps })
    }
documents-footer = Tap a step to see who issues a document and on what legal basis.
documents-none = Our sources list no documents for this flow; check the portals named in the steps.
