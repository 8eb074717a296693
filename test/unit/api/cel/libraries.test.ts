import { describe, expect, test } from "bun:test";
import { errorOf, ev } from "./helpers.ts";

describe("Kubernetes list library", () => {
  const cases: [string, unknown][] = [
    ["[1, 2, 3].isSorted()", true],
    ["[1, 3, 2].isSorted()", false],
    ["['a', 'b', 'b'].isSorted()", true],
    ["[].isSorted()", true],
    ["[1, 2.5, 3u].isSorted()", true],
    ["[1, 2, 3].sum()", 6],
    ["[1.5, 2.5].sum()", 4],
    ["[1u, 2u].sum()", 3],
    ["[].sum()", 0],
    ["[duration('1s'), duration('500ms')].sum() == duration('1.5s')", true],
    ["[3, 1, 2].min()", 1],
    ["[3, 1, 2].max()", 3],
    ["['b', 'a', 'c'].min()", "a"],
    ["[1, 2.5].max()", 2.5],
    ["[1, 2, 3, 2].indexOf(2)", 1],
    ["[1, 2, 3, 2].lastIndexOf(2)", 3],
    ["[1, 2].indexOf(5)", -1],
    ["[[1], [2]].indexOf([2])", 1],
    ["['a', 'b'].indexOf('b') + 'ab'.indexOf('b')", 2],
  ];
  for (const [expr, want] of cases) test(expr, () => expect(ev(expr)).toEqual(want));

  test("errors", () => {
    expect(errorOf("[].min()").message).toBe("min called on empty list");
    expect(errorOf("[].max()").message).toBe("max called on empty list");
    expect(errorOf("[1, 'a'].isSorted()").message).toContain("no matching overload");
    expect(errorOf("[1, 1.5].sum()").message).toBe("no matching overload for '_+_' applied to '(int, double)'");
    expect(errorOf("['a'].sum()").message).toContain("no matching overload");
    expect(errorOf("[9223372036854775807, 1].sum()").message).toBe("integer overflow");
    expect(errorOf("[[1]].max()").message).toContain("no matching overload");
  });
});

describe("sets library", () => {
  const cases: [string, boolean][] = [
    ["sets.contains([], [])", true],
    ["sets.contains([], [1])", false],
    ["sets.contains([1, 2, 3, 4], [2, 3])", true],
    ["sets.contains([1, 2.0, 3u], [1.0, 2u, 3])", true],
    ["sets.equivalent([], [])", true],
    ["sets.equivalent([1], [1, 1])", true],
    ["sets.equivalent([1], [1u, 1.0])", true],
    ["sets.equivalent([1, 2, 3], [3u, 2.0, 1])", true],
    ["sets.equivalent([1, 2], [2, 2, 2])", false],
    ["sets.intersects([1], [])", false],
    ["sets.intersects([1], [1, 2])", true],
    ["sets.intersects([[1], [2, 3]], [[1, 2], [2, 3.0]])", true],
  ];
  for (const [expr, want] of cases) test(expr, () => expect(ev(expr)).toBe(want));
});

describe("URL library", () => {
  const cases: [string, unknown][] = [
    ["isURL('https://user:pass@example.com:80/path?query=val#fragment')", true],
    ["isURL('/absolute-path')", true],
    ["isURL('https://a:b:c/')", false],
    ["isURL('../relative-path')", false],
    ["isURL('example.com')", false],
    ["isURL('')", false],
    ["isURL('https://exa mple.com')", false],
    ["url('https://example.com/path').getScheme()", "https"],
    ["url('HTTPS://example.com/path').getScheme()", "https"],
    ["url('/absolute-path').getScheme()", ""],
    ["url('https://example.com:80/').getHost()", "example.com:80"],
    ["url('https://example.com/').getHost()", "example.com"],
    ["url('https://[::1]:80/').getHost()", "[::1]:80"],
    ["url('https://[::1]/').getHost()", "[::1]"],
    ["url('/path').getHost()", ""],
    ["url('https://example.com:80/').getHostname()", "example.com"],
    ["url('https://127.0.0.1:80/').getHostname()", "127.0.0.1"],
    ["url('https://[::1]:80/').getHostname()", "::1"],
    ["url('https://example.com:80/').getPort()", "80"],
    ["url('https://example.com/').getPort()", ""],
    ["url('https://example.com/path').getEscapedPath()", "/path"],
    ["url('https://example.com/path with spaces/').getEscapedPath()", "/path%20with%20spaces/"],
    ["url('https://example.com/a%2Fb').getEscapedPath()", "/a%2Fb"],
    ["url('https://example.com').getEscapedPath()", ""],
    ["url('https://example.com/path?k1=a&k2=b&k2=c').getQuery()", { k1: ["a"], k2: ["b", "c"] }],
    ["url('https://example.com/path?key=a+b%20c').getQuery()", { key: ["a b c"] }],
    ["url('https://example.com/path?k=v#frag').getQuery()", { k: ["v"] }],
    ["url('https://example.com/path#frag').getEscapedPath()", "/path"],
    ["url('https://example.com/').getQuery()", {}],
    ["url('https://example.com/') == url('https://example.com/')", true],
    ["type(url('https://example.com/')) == kubernetes.URL", true],
  ];
  for (const [expr, want] of cases) test(expr, () => expect(ev(expr)).toEqual(want));

  test("conversion errors", () => {
    expect(errorOf("url('../relative')").message).toContain("URL parse error during conversion from string");
    expect(errorOf("url('https://example.com:port/')").message).toContain("invalid port");
  });
});

describe("IP and CIDR libraries", () => {
  const cases: [string, unknown][] = [
    ["isIP('127.0.0.1')", true],
    ["isIP('::1')", true],
    ["isIP('127.0.0.256')", false],
    ["isIP(':::1')", false],
    ["isIP('127.0.0.01')", false],
    ["isIP('::ffff:1.2.3.4')", false],
    ["isIP('fe80::1%eth0')", false],
    ["isIP('1.2.3')", false],
    ["ip.isCanonical('127.0.0.1')", true],
    ["ip.isCanonical('2001:db8::abcd')", true],
    ["ip.isCanonical('2001:DB8::ABCD')", false],
    ["ip.isCanonical('2001:db8::0:0:0:abcd')", false],
    ["ip.isCanonical('2001:db8:0:1:1:1:1:1')", true],
    ["string(ip('2001:db8:0:0:1:0:0:1'))", "2001:db8::1:0:0:1"],
    ["string(ip('0:0:0:0:0:0:0:0'))", "::"],
    ["string(ip('1::'))", "1::"],
    ["ip('127.0.0.1').family()", 4],
    ["ip('::1').family()", 6],
    ["ip('0.0.0.0').isUnspecified()", true],
    ["ip('::').isUnspecified()", true],
    ["ip('127.0.0.1').isUnspecified()", false],
    ["ip('127.0.0.1').isLoopback()", true],
    ["ip('::1').isLoopback()", true],
    ["ip('2001:db8::abcd').isLoopback()", false],
    ["ip('224.0.0.1').isLinkLocalMulticast()", true],
    ["ip('224.0.1.1').isLinkLocalMulticast()", false],
    ["ip('ff02::1').isLinkLocalMulticast()", true],
    ["ip('fd00::1').isLinkLocalMulticast()", false],
    ["ip('169.254.169.254').isLinkLocalUnicast()", true],
    ["ip('192.168.0.1').isLinkLocalUnicast()", false],
    ["ip('fe80::1').isLinkLocalUnicast()", true],
    ["ip('fd80::1').isLinkLocalUnicast()", false],
    ["ip('192.168.0.1').isGlobalUnicast()", true],
    ["ip('255.255.255.255').isGlobalUnicast()", false],
    ["ip('2001:db8::abcd').isGlobalUnicast()", true],
    ["ip('ff00::1').isGlobalUnicast()", false],
    ["ip('127.0.0.1') == ip('127.0.0.1')", true],
    ["ip('::1') == ip('0:0::1')", true],
    ["type(ip('::1')) == net.IP", true],
    ["isCIDR('192.168.0.0/24')", true],
    ["isCIDR('192.168.0.0/33')", false],
    ["isCIDR('192.168.0.0')", false],
    ["isCIDR('::ffff:1.2.3.0/120')", false],
    ["cidr('192.168.0.0/24').containsIP(ip('192.168.0.1'))", true],
    ["cidr('192.168.0.0/24').containsIP('192.168.1.1')", false],
    ["cidr('2001:db8::/32').containsIP('2001:db8::1')", true],
    ["cidr('2001:db8::/32').containsIP('192.168.0.1')", false],
    ["cidr('192.168.0.0/24').containsCIDR(cidr('192.168.0.0/25'))", true],
    ["cidr('192.168.0.0/24').containsCIDR('192.168.0.0/23')", false],
    ["cidr('2001:db8::/32').containsCIDR('2001:db8::/33')", true],
    ["cidr('192.168.0.1/24').ip() == ip('192.168.0.1')", true],
    ["string(cidr('192.168.0.1/24').masked())", "192.168.0.0/24"],
    ["string(cidr('2001:db8:1::/32').masked())", "2001:db8::/32"],
    ["cidr('192.168.0.0/24').prefixLength()", 24],
    ["string(cidr('192.168.0.0/24'))", "192.168.0.0/24"],
    ["type(cidr('192.168.0.0/24')) == net.CIDR", true],
    ["cidr('10.0.0.0/8') == cidr('10.0.0.0/8')", true],
  ];
  for (const [expr, want] of cases) test(expr, () => expect(ev(expr)).toEqual(want));

  test("conversion errors", () => {
    expect(errorOf("ip('::ffff:1.2.3.4')").message).toBe('IPv4-mapped IPv6 address "::ffff:1.2.3.4" is not allowed');
    expect(errorOf("ip('fe80::1%eth0')").message).toBe('IP address "fe80::1%eth0" with zone value is not allowed');
    expect(errorOf("ip('x')").message).toContain('IP Address "x" parse error during conversion from string');
    expect(errorOf("cidr('192.168.0.0/')").message).toBe(
      'network address parse error during conversion from string: network address parse error during conversion from string: netip.ParsePrefix("192.168.0.0/"): bad bits after slash: ""',
    );
  });
});

describe("timestamps and durations", () => {
  const cases: [string, unknown][] = [
    ["timestamp('2023-01-02T03:04:05Z')", "2023-01-02T03:04:05Z"],
    ["timestamp('2023-01-02T03:04:05.120+01:00')", "2023-01-02T02:04:05.12Z"],
    ["timestamp('0001-01-01T00:00:00Z')", "0001-01-01T00:00:00Z"],
    ["timestamp(0)", "1970-01-01T00:00:00Z"],
    ["int(timestamp('1970-01-01T00:00:10Z'))", 10],
    ["int(timestamp('1969-12-31T23:59:59.5Z'))", -1],
    ["string(timestamp('2023-01-02T03:04:05.000000001Z'))", "2023-01-02T03:04:05.000000001Z"],
    ["duration('1h30m')", "5400s"],
    ["duration('1.5s')", "1.5s"],
    ["duration('-300ms')", "-0.3s"],
    ["duration('1us') == duration('1µs') && duration('1000ns') == duration('1us')", true],
    ["duration('0')", "0s"],
    ["int(duration('1s'))", 1000000000],
    ["duration('1h') > duration('59m')", true],
    ["duration('1m') + duration('1s')", "61s"],
    ["duration('1m') - duration('1s')", "59s"],
    ["timestamp('2023-01-01T00:00:00Z') + duration('24h')", "2023-01-02T00:00:00Z"],
    ["duration('1h') + timestamp('2023-01-01T00:00:00Z')", "2023-01-01T01:00:00Z"],
    ["timestamp('2023-01-01T00:00:00Z') - duration('1s')", "2022-12-31T23:59:59Z"],
    ["timestamp('2023-01-02T00:00:00Z') - timestamp('2023-01-01T00:00:00Z')", "86400s"],
    ["timestamp('2023-01-01T00:00:00Z') < timestamp('2023-01-01T00:00:01Z')", true],
    ["timestamp('2023-01-01T00:00:00Z') == timestamp('2023-01-01T01:00:00+01:00')", true],
    ["timestamp('2023-03-04T05:06:07.089Z').getFullYear()", 2023],
    ["timestamp('2023-03-04T05:06:07.089Z').getMonth()", 2],
    ["timestamp('2023-03-04T05:06:07.089Z').getDate()", 4],
    ["timestamp('2023-03-04T05:06:07.089Z').getDayOfMonth()", 3],
    ["timestamp('2023-03-04T05:06:07.089Z').getDayOfYear()", 62],
    ["timestamp('2023-03-04T05:06:07.089Z').getDayOfWeek()", 6],
    ["timestamp('2023-03-04T05:06:07.089Z').getHours()", 5],
    ["timestamp('2023-03-04T05:06:07.089Z').getMinutes()", 6],
    ["timestamp('2023-03-04T05:06:07.089Z').getSeconds()", 7],
    ["timestamp('2023-03-04T05:06:07.089Z').getMilliseconds()", 89],
    ["timestamp('2023-03-04T05:06:07Z').getHours('+02:30')", 7],
    ["timestamp('2023-03-04T05:06:07Z').getMinutes('-01:30')", 36],
    ["timestamp('2023-07-04T05:06:07Z').getHours('America/New_York')", 1],
    ["timestamp('2023-01-01T00:30:00Z').getFullYear('-01:00')", 2022],
    ["duration('3h25m').getHours()", 3],
    ["duration('3h25m').getMinutes()", 205],
    ["duration('1.5s').getSeconds()", 1],
    ["duration('1.5s').getMilliseconds()", 1500],
    ["type(duration('1s')) == google.protobuf.Duration", true],
    ["type(timestamp(0)) == google.protobuf.Timestamp", true],
  ];
  for (const [expr, want] of cases) test(expr, () => expect(ev(expr)).toEqual(want));

  test("errors", () => {
    expect(errorOf("timestamp('2023-13-01T00:00:00Z')").message).toContain("out of range");
    expect(errorOf("timestamp('yesterday')").message).toContain("timestamp");
    expect(errorOf("timestamp('9999-12-31T23:59:59Z') + duration('1s')").message).toBe("timestamp overflow");
    expect(errorOf("duration('1x')").message).toContain("unknown unit");
    expect(errorOf("duration('')").message).toContain("invalid duration");
    expect(errorOf("duration('3000000h')").message).toContain("invalid duration");
    expect(errorOf("duration('2562047h') + duration('2562047h')").message).toBe("integer overflow");
    expect(errorOf("timestamp(0) + timestamp(0)").message).toContain("no matching overload for '_+_'");
  });
});

describe("format library", () => {
  const cases: [string, unknown][] = [
    ["format.dns1123Label().validate('my-name')", null],
    ["format.dns1123Label().validate('my-name').hasValue()", false],
    ["format.dns1123Label().validate('a.b')", ["must not contain dots"]],
    [
      "format.dns1123Label().validate('My_Name')",
      [
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      ],
    ],
    ["format.dns1123Label().validate('a'.substring(0, 1) + 'b-c')", null],
    ["format.dns1123Subdomain().validate('apiextensions.k8s.io').hasValue()", false],
    ["format.dns1035Label().validate('1abc').hasValue()", true],
    ["format.dns1123LabelPrefix().validate('my-prefix-').hasValue()", false],
    ["format.qualifiedName().validate('example.com/My.Name').hasValue()", false],
    ["format.qualifiedName().validate('/x').value()[0]", "prefix part must be non-empty"],
    ["format.labelValue().validate('').hasValue()", false],
    ["format.labelValue().validate('-x').hasValue()", true],
    ["format.uri().validate('https://example.com/').hasValue()", false],
    ["format.uri().validate('../x').value()", ['parse "../x": invalid URI for request']],
    ["format.uuid().validate('123e4567-e89b-12d3-a456-426614174000').hasValue()", false],
    ["format.uuid().validate('nope').value()", ["does not match the UUID format"]],
    ["format.byte().validate('aGVsbG8=').hasValue()", false],
    ["format.byte().validate('a').value()", ["invalid base64"]],
    ["format.date().validate('2021-02-30').value()", ["invalid date"]],
    ["format.datetime().validate('2021-01-01T00:00:00Z').hasValue()", false],
    ["format.named('dns1123Label').value().validate('x').hasValue()", false],
    ["format.named('nope').hasValue()", false],
    // an optional never equals null (cel-go), so this Gateway API rule only accepts ''
    ["size(self) == 0 || format.dns1123Label().validate(self) == null", false],
  ];
  for (const [expr, want] of cases) test(expr, () => expect(ev(expr, { self: "abc" })).toEqual(want));
});
