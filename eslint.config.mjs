// ESLint flat config. The one rule that matters most: src/core stays editor-free and Node-free,
// so the CLI, the extension and a browser build can share it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
	{ ignores: ['out/**', 'dist/**', 'node_modules/**', '*.js', '*.mjs'] },
	js.configs.recommended,
	...tseslint.configs.recommended,
	{
		files: ['**/*.ts'],
		rules: {
			curly: 'error',
			eqeqeq: 'error',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
		},
	},
	{
		files: ['src/core/**/*.ts'],
		rules: {
			'no-restricted-imports': ['error', {
				paths: [
					{ name: 'vscode', message: 'src/core must stay editor-free; put VS Code glue in src/vscode.' },
					{ name: 'fs', message: 'src/core is pure: strings in, data out.' },
					{ name: 'path', message: 'src/core is pure: strings in, data out.' },
				],
				patterns: [
					{ group: ['../vscode/*', '../vscode', 'node:*'], message: 'src/core must not depend on the editor or on Node built-ins.' },
				],
			}],
		},
	},
);
