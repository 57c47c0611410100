// Refuses to publish until a publisher has filled in what this repository cannot know (README, Releasing):
// a real author e-mail (package.json ships a reserved `.invalid` placeholder, which names nobody, because n8n's
// lint requires the field) and the repository that publishes (npm accepts a provenance statement only when
// `repository.url` matches the GitHub repository of the workflow that built it).
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const problems = [];
const email =
	typeof pkg.author === 'object' ? pkg.author?.email : /<([^>]*)>/.exec(pkg.author ?? '')?.[1];
if (!email || /\.invalid$/i.test(email))
	problems.push('author.email is still the placeholder: set a real contact');
const repository = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
if (!repository)
	problems.push('repository.url is missing: set the GitHub repository that publishes the package');
if (problems.length > 0) {
	console.error(`Not publishing:\n- ${problems.join('\n- ')}`);
	process.exit(1);
}
