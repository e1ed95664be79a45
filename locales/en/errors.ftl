error-unknown-command = I do not know that command. Send /help to see what I can do.
error-stale-choice = That button is from an earlier message. Here is where we are now:
error-empty = Please type a product name, a country, or choose a button.
error-too-long = That message is too long for me. Please send at most { $limit } characters, for example just the product name.
error-try-again = Sorry, I cannot answer right now. Please try again in a moment.
error-apology = Sorry, something went wrong on my side. Please try again, or send /new to start over.
