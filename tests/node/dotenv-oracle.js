// Reads JSON lines from stdin, each an array of env file texts, and answers each line with a JSON array of
// what dotenv.parse returns for each text, as [[name, value], ...] in the object's key order.
// Used by ConvexAuthKit.Tests (NodeDotenvDifferentialTests) as the reference reader.
'use strict'
const readline = require('readline')
const dotenv = require('dotenv')

const input = readline.createInterface({ input: process.stdin, crlfDelay: Infinity })
input.on('line', (line) => {
  if (line.length === 0) return
  const texts = JSON.parse(line)
  const answers = texts.map((text) => Object.entries(dotenv.parse(text)))
  process.stdout.write(JSON.stringify(answers) + '\n')
})
