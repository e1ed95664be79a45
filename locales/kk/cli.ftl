cli-unknown-country = Белгісіз ел: { $country }
cli-flow-not-covered = { $origin } → { $destination } бағыты бойынша әзірге рәсімдер жоқ.
