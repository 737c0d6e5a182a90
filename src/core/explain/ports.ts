/**
 * A small services table (Debian `/etc/services`, first names), so a hover can say `http = 80`.
 * tcpdump without `-n` prints the first service name from the services database instead of the
 * number (`addrtoname.c`), e.g. `192.168.1.11.telnet`.
 */
export const SERVICES = {
	'ftp-data': 20,
	ftp: 21,
	ssh: 22,
	telnet: 23,
	smtp: 25,
	domain: 53,
	gopher: 70,
	http: 80,
	kerberos: 88,
	pop3: 110,
	sunrpc: 111,
	auth: 113,
	nntp: 119,
	ntp: 123,
	'netbios-ssn': 139,
	imap2: 143,
	bgp: 179,
	ldap: 389,
	https: 443,
	'microsoft-ds': 445,
	exec: 512,
	login: 513,
	shell: 514,
	printer: 515,
	submission: 587,
	ldaps: 636,
	imaps: 993,
	pop3s: 995,
	'ms-sql-s': 1433,
	openvpn: 1194,
	mysql: 3306,
	'ms-wbt-server': 3389,
	postgresql: 5432,
	'x11': 6000,
	'http-alt': 8080,
} as const satisfies Record<string, number>;

/** Aliases tcpdump prints on some systems (older services files). */
const ALIASES: Readonly<Record<string, number>> = { www: 80, imap: 143, 'www-http': 80, postgres: 5432 };

/** `http` → 80; a numeric port → its number; an unknown name → undefined. */
export function portNumber(port: string): number | undefined {
	if (/^\d+$/.test(port)) {
		const n = Number(port);
		return n <= 65535 ? n : undefined;
	}
	const known = (SERVICES as Readonly<Record<string, number>>)[port] ?? ALIASES[port];
	return known;
}

/** 80 → `http`; undefined when the table has no name. */
export function serviceName(port: number): string | undefined {
	for (const [name, n] of Object.entries(SERVICES)) {
		if (n === port) {
			return name;
		}
	}
	return undefined;
}
