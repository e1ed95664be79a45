# Heading over the rights that bind only the officials of these countries (the others bind both).
border-right-scope = { $countries }:
