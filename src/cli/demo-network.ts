// The one door from src/ into seeds/demo: the server's start seeds the demo network and prints its tokens through
// here, so that src/server depends on the CLI's seams rather than on the seed files (dependency-cruiser checks it).
export { DEMO_TOKENS, seedDemoNetwork, type DemoToken } from '../../seeds/demo';
