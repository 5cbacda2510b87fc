"""The differential corpus: HogQL queries over ``dataset.py``, each run on hogmock and on ClickHouse.

Owns the queries. An entry is ``Case(id, hogql)``; its ClickHouse SQL is what ``printer.py`` prints from
PostHog's own parse, unless the entry gives it (``ch=``) because the printing is not mechanical (lazy joins to
sessions and groups). ``tz`` is the team timezone the query runs in. Ids are stable: known differences and
reports refer to them. ``INVALID`` lists queries both parsers must reject.
"""

from __future__ import annotations

from dataclasses import dataclass

BERLIN = "Europe/Berlin"


@dataclass(frozen=True)
class Case:
    id: str
    hogql: str
    ch: str | None = None
    tz: str = "UTC"


def _cases(prefix: str, queries: list[str], tz: str = "UTC") -> list[Case]:
    return [Case(f"{prefix}-{n:02d}", query, tz=tz) for n, query in enumerate(queries, start=1)]


E = "from events"
SLICE = "order by timestamp, uuid limit 12"  # a deterministic slice of events

BASICS = [
    "select 1",
    "select 1, -1, 300, 70000, 5000000000, 1.5, -0.25, 'a', null, true, false",
    "select 'héllo ✓', '', 'it''s', 'back\\\\slash'",
    f"select count() {E}",
    f"select count(*), count(distinct distinct_id), count(distinct event) {E}",
    f"select event, count() as c {E} group by event order by c desc, event",
    f"select distinct event {E} order by event",
    f"select event {E} order by event desc limit 3",
    f"select event, count() {E} group by event having count() > 40 order by event",
    f"select uuid, event, distinct_id {E} {SLICE}",
    f"select timestamp, created_at {E} {SLICE}",
    f"select * {E} {SLICE}",
    f"select e.event, e.timestamp {E} as e order by e.timestamp desc, e.uuid limit 5",
    f"select events.event {E} order by events.timestamp limit 3",
    f"select event {E} order by timestamp limit 5 offset 10",
    f"select distinct_id, count() {E} group by distinct_id order by count() desc, distinct_id limit 5",
    f"select elements_chain, count() {E} group by elements_chain order by elements_chain",
    f"select `$session_id`, count() {E} group by `$session_id` order by `$session_id` limit 10",
    f"select `$group_0`, count() {E} group by `$group_0` order by `$group_0`",
    f"select event {E} where event = 'ünïcødé ✓' limit 1",
    f"select count() {E} where 1 = 1",
    f"select count() {E} where 1 = 2",
    f"select count() {E} where true",
    f"select event {E} order by event limit 2 with ties",
    f"select count() from (select event {E})",
    f"select event, count() {E} group by event order by 2 desc, 1 limit 3",
]

PROPERTIES = [
    f"select properties.$browser, properties.price, properties.qty, properties.coupon {E} {SLICE}",
    f"select properties.empty, properties.nothing, properties.missing_key {E} {SLICE}",
    f"select properties.cart, properties.cart.items, properties.cart.total {E} {SLICE}",
    f"select properties.tags, properties.tags.1, properties.tags[2], properties.tags[-1] {E} {SLICE}",
    f"select properties['cart']['items'], properties['$browser'] {E} {SLICE}",
    f"select properties.deep, properties.deep.a.b.c, properties.deep.a.b {E} {SLICE}",
    f"select properties.name {E} where properties.name is not null order by timestamp, uuid",
    f"select properties.num_str {E} {SLICE}",
    f"select properties.when {E} where properties.when is not null {SLICE}",
    f"select properties.$current_url {E} {SLICE}",
    f"select properties.price, count() {E} group by properties.price order by properties.price",
    f"select properties.coupon, count() {E} group by 1 order by 1",
    f"select properties.$browser as b, count() as c {E} group by b order by c desc, b",
    f"select count() {E} where properties.$browser = 'Chrome'",
    f"select count() {E} where properties.$browser != 'Chrome'",
    f"select count() {E} where properties.$browser = null",
    f"select count() {E} where properties.$browser != null",
    f"select count() {E} where properties.$browser is null",
    f"select count() {E} where properties.$browser is not null",
    f"select count() {E} where properties.nothing is null",
    f"select count() {E} where properties.empty = ''",
    f"select count() {E} where properties.coupon = 'true'",
    f"select count() {E} where properties.price = '99'",
    f"select count() {E} where properties.$browser in ('Chrome', 'Safari')",
    f"select count() {E} where properties.$browser not in ('Chrome', 'Safari')",
    f"select count() {E} where properties.$browser like 'Chr%'",
    f"select count() {E} where properties.$browser not like 'Chr%'",
    f"select count() {E} where properties.$browser ilike 'chr%'",
    f"select count() {E} where properties.$browser not ilike '%r%'",
    f"select properties.$browser = 'Chrome', properties.$browser != 'Chrome' {E} {SLICE}",
    f"select properties.$browser = properties.name {E} {SLICE}",
    f"select count() {E} where properties.$browser = properties.name",
    f"select count() {E} where properties.tags.1 = 'a'",
    f"select count() {E} where properties.cart.items = '2'",
    f"select toFloat(properties.price) {E} {SLICE}",
    f"select toInt(properties.qty), toInt(properties.price), toInt(properties.num_str) {E} {SLICE}",
    f"select sum(toFloat(properties.price)), avg(toFloat(properties.price)) {E}",
    f"select max(toInt(properties.qty)), min(toInt(properties.qty)) {E}",
    f"select count() {E} where toFloat(properties.price) > 5",
    f"select properties.$groups.company, count() {E} group by 1 order by 1",
    f"select person.properties.email, person.properties.plan {E} {SLICE}",
    f"select person.properties.age, person.properties.is_paid, person.properties.address.city {E} {SLICE}",
    f"select person.properties.plan, count() {E} group by 1 order by 1",
    f"select person.properties.name {E} {SLICE}",
    f"select person.id, person_id, pdi.person_id, pdi.distinct_id {E} {SLICE}",
    f"select person.created_at {E} {SLICE}",
    f"select poe.properties.email, poe.id {E} {SLICE}",
    f"select pdi.person.properties.email {E} {SLICE}",
    f"select count(distinct person_id) {E}",
    f"select count() {E} where person.properties.plan = 'pro'",
    f"select e.properties.$browser, e.person.properties.email {E} e {SLICE}",
    f"select properties {E} {SLICE}",
    f"select properties.cart.items + 1 {E} where properties.cart.items is not null {SLICE}",
    f"select properties.$browser || '-' || event {E} {SLICE}",
    f"select properties.`$browser` {E} {SLICE}",
]

OPERATORS = [
    "select 1 + 2, 10 - 3, 4 * 5, 7 / 2, 7 % 3, -7 % 3",
    "select 1.5 + 1, 2 * 2.5, 10 / 4, 1 / 0, -1 / 0, 0 / 0",
    "select 255 + 1, 65535 + 1, 200 * 2, 1 - 2, -5 * 3",
    "select 1 = 1, 1 != 1, 1 < 2, 1 <= 1, 2 > 3, 2 >= 3",
    "select 'a' = 'a', 'a' < 'b', 'a' != 'b'",
    "select 1 = null, null = null, null != null, 1 != null, null < 1",
    "select 1 and 0, 1 or 0, not 1, not 0, 1 and 1 and 1, 0 or 0 or 1",
    "select true and false, true or false, not true",
    "select 1 in (1, 2), 3 in (1, 2), 3 not in (1, 2), null in (1, null), 1 not in (2, null)",
    "select 5 between 1 and 10, 5 not between 1 and 4, 'b' between 'a' and 'c'",
    "select 'abc' like 'a%', 'abc' like '_b_', 'abc' ilike 'A%', 'abc' not like 'a%', 'abc' not ilike 'B%'",
    "select 'abc' =~ 'b', 'abc' =~ '^b', 'abc' !~ 'z', 'ABC' =~* 'abc', 'ABC' !~* 'abc'",
    "select null ?? 1, 2 ?? 1, null ?? null ?? 'x'",
    "select (1, 'a', 2.5), (1, 'a').1, (1, 'a').2, tuple(1, 2).2",
    "select [1, 2, 3], [1, 2, 3][1], [1, 2, 3][-1], ['a', 'b'][2], [1, 2][5]",
    "select [], [[1], [2, 3]], [null, 1]",
    "select 1::String, '42'::Int, 3.7::Int, '2.5'::Float, 1::Float",
    "select cast(1 as String), cast('7' as Int64), cast('2026-03-29' as Date)",
    "select '2026-03-29 01:30:00'::DateTime, '2026-03-29'::Date",
    "select case when 1 = 1 then 'a' else 'b' end, case when 0 then 1 when 1 then 2 end",
    "select case 2 when 1 then 'one' when 2 then 'two' else 'many' end",
    "select if(1, 'y', 'n'), if(0, 1, 2.5), if(null, 1, 2)",
    "select multiIf(0, 'a', 1, 'b', 'c'), multiIf(0, 1, 0, 2, 3)",
    f"select event, event = '$pageview' as pv {E} {SLICE}",
    f"select count() {E} where event = '$pageview' and properties.$browser = 'Chrome' or event = 'purchase'",
    f"select count() {E} where not (event = '$pageview')",
    f"select count() {E} where event in (select event {E} where event like '$page%')",
    f"select count() {E} where distinct_id not in (select distinct_id from person_distinct_ids)",
    f"select count() {E} where timestamp between '2026-03-28' and '2026-03-30'",
    f"select count() {E} where properties.qty between 1 and 5",
    f"select event, properties.$browser ?? 'none' {E} {SLICE}",
    f"select count() {E} where properties.$current_url =~ 'utm_source=google'",
    f"select count() {E} where properties.$current_url !~ 'example'",
    f"select count() {E} where properties.$browser =~* '^chrome$'",
    f"select count() {E} where event in ('$pageview', 'purchase')",
    "select x -> x, 1 where 0",
    "select -(1), -(-2), -(1.5), -(255)",
    "select 10 % 3, -10 % 3, 10.5 % 3",
]

AGGREGATES = [
    f"select count(), countIf(event = '$pageview'), countIf(properties.$browser = 'Chrome') {E}",
    f"select uniq(distinct_id), uniqExact(distinct_id), uniqIf(distinct_id, event = 'purchase') {E}",
    f"select sum(toInt(properties.qty)), sumIf(toInt(properties.qty), event = 'purchase') {E}",
    f"select avg(toInt(properties.qty)), avgIf(toInt(properties.qty), event = 'signup') {E}",
    f"select min(timestamp), max(timestamp), minIf(timestamp, event = 'purchase') {E}",
    f"select maxIf(timestamp, event = 'nope'), minIf(timestamp, event = 'nope') {E}",
    f"select min(event), max(event), min(properties.$browser) {E}",
    f"select argMax(event, timestamp), argMin(event, timestamp) {E}",
    f"select argMax(properties.$browser, timestamp), argMin(distinct_id, timestamp) {E}",
    f"select arraySort(groupArray(distinct event)) {E}",
    f"select arraySort(groupUniqArray(event)) {E}",
    f"select length(groupArray(properties.$browser)) {E}",
    f"select median(toInt(properties.qty)), quantile(0.9)(toInt(properties.qty)) {E}",
    f"select quantiles(0.1, 0.5, 0.9)(toInt(properties.qty)) {E}",
    f"select topK(3)(event) {E}",
    f"select stddevPop(toInt(properties.qty)), varPop(toInt(properties.qty)) {E}",
    f"select stddevSamp(toInt(properties.qty)), varSamp(toInt(properties.qty)) {E}",
    f"select corr(toFloat(properties.qty), toFloat(properties.price)) {E}",
    f"select any(event) {E} where event = 'purchase'",
    f"select anyLast(event) {E} where event = 'signup'",
    f"select count(), sum(1), avg(1), min(1), max(1) {E} where event = 'nope'",
    f"select sum(toFloat(properties.price)), avg(toFloat(properties.price)) {E} where event = 'nope'",
    f"select min(timestamp), max(timestamp), min(event), max(event) {E} where event = 'nope'",
    f"select argMax(event, timestamp), any(event), groupArray(event) {E} where event = 'nope'",
    f"select count(distinct event), uniq(event), uniqExact(event) {E} where event = 'nope'",
    f"select median(toInt(properties.qty)) {E} where event = 'nope'",
    f"select event, count(), uniq(distinct_id), min(timestamp) {E} group by event order by event",
    f"select toDate(timestamp) as d, count() {E} group by d order by d",
    f"select distinct_id, countIf(event = '$pageview') as pv {E} group by distinct_id order by pv desc, distinct_id "
    "limit 5",
    f"select count(properties.$browser), count(properties.nothing) {E}",
    f"select countIf(properties.coupon = 'true'), countIf(properties.coupon = 'false') {E}",
    f"select sum(properties.cart.items = '2') {E}",
    f"select avg(toFloat(properties.cart.total)), sum(toFloat(properties.cart.total)) {E}",
    f"select event, sum(toInt(properties.qty)) as s {E} group by event having s > 10 order by event",
    f"select max(length(properties.name)) {E}",
    f"select count() from (select distinct distinct_id {E})",
    "select sum(number), avg(number), count() from numbers(10)",
    "select median(number), quantile(0.9)(number) from numbers(10)",
    "select sum(toFloat(number) / 3) from numbers(7)",
    "select countIf(number > 5), sumIf(number, number % 2 = 0), avgIf(number, number > 100) from numbers(10)",
    "select uniq(number % 3), groupArray(number) from numbers(5)",
    "select argMax(number, -number), argMin(number, -number) from numbers(5)",
]

DATES = [
    f"select timestamp, toDate(timestamp), toStartOfDay(timestamp) {E} {SLICE}",
    f"select toStartOfHour(timestamp), toStartOfMinute(timestamp) {E} {SLICE}",
    f"select toStartOfWeek(timestamp), toStartOfWeek(timestamp, 1), toMonday(timestamp) {E} {SLICE}",
    f"select toStartOfMonth(timestamp), toStartOfQuarter(timestamp), toStartOfYear(timestamp) {E} {SLICE}",
    f"select toYear(timestamp), toMonth(timestamp), toDayOfMonth(timestamp), toDayOfWeek(timestamp) {E} {SLICE}",
    f"select toHour(timestamp), toMinute(timestamp), toSecond(timestamp) {E} {SLICE}",
    f"select toDayOfYear(timestamp), toQuarter(timestamp) {E} {SLICE}",
    f"select toUnixTimestamp(timestamp) {E} {SLICE}",
    f"select dateDiff('second', timestamp, now()), dateDiff('day', timestamp, now()) {E} {SLICE}",
    f"select dateDiff('hour', toStartOfDay(timestamp), timestamp), dateDiff('minute', created_at, timestamp) {E} "
    f"{SLICE}",
    "select dateDiff('month', toDate('2026-01-31'), toDate('2026-03-01')), dateDiff('year', toDate('2025-12-31'), "
    "toDate('2026-01-01'))",
    "select dateDiff('week', toDate('2026-03-01'), toDate('2026-03-29')), date_diff('day', toDate('2026-03-28'), "
    "toDate('2026-03-30'))",
    "select now(), today(), yesterday()",
    "select now() - interval 1 day, now() + interval 2 hour, now() - interval 30 minute",
    "select today() - interval 7 day, toDate('2026-03-31') + interval 1 month",
    "select toIntervalDay(3), toIntervalHour(2)",
    f"select count() {E} where timestamp > now() - interval 3 day",
    f"select count() {E} where timestamp >= toDateTime('2026-03-29 00:00:00') and timestamp < "
    "toDateTime('2026-03-30 00:00:00')",
    f"select count() {E} where toDate(timestamp) = '2026-03-29'",
    f"select count() {E} where timestamp > '2026-10-25'",
    f"select toDate(timestamp) as d, count() {E} where timestamp > '2026-11-01' group by d order by d",
    f"select toStartOfHour(timestamp) as h, count() {E} where toDate(timestamp) = '2026-03-29' group by h order by h",
    "select toDate('2026-03-29'), toDate('bad'), toDateTime('2026-03-29 02:30:00'), toDateTime('bad')",
    "select toDateTime('2026-03-29T01:30:00Z'), toDateTime('2026-10-25 02:30:00')",
    f"select toDateTime(properties.when) {E} where properties.when is not null {SLICE}",
    f"select toDate(properties.when) {E} where properties.when is not null {SLICE}",
    "select toStartOfWeek(toDate('2026-03-29')), toStartOfWeek(toDate('2026-03-29'), 1)",
    "select toDayOfWeek(toDate('2026-03-29')), toDayOfWeek(toDate('2026-03-30'))",
    "select toStartOfInterval(toDateTime('2026-03-29 13:47:00'), interval 15 minute)",
    f"select toStartOfInterval(timestamp, interval 1 day) {E} {SLICE}",
    "select dateAdd('day', 1, toDate('2026-03-28')), dateSub('hour', 3, toDateTime('2026-03-29 04:00:00'))",
    "select dateTrunc('month', toDateTime('2026-03-29 04:00:00')), dateTrunc('day', toDateTime('2026-03-29 04:00:00'))",
    "select addDays(toDate('2026-03-28'), 2), addDays(toDateTime('2026-03-28 10:00:00'), 1)",
    "select formatDateTime(toDateTime('2026-03-29 04:05:06'), '%Y-%m-%d %H:%i:%S')",
    f"select formatDateTime(timestamp, '%Y/%m/%d %H:%M') {E} {SLICE}",
    "select toTimeZone(toDateTime('2026-03-29 04:00:00'), 'America/New_York')",
    f"select toTimeZone(timestamp, 'Asia/Tokyo') {E} {SLICE}",
    "select toStartOfDay(toDateTime('2026-03-29 12:00:00')), toStartOfMonth(toDate('2026-03-29'))",
    "select toYear(toDate('2026-03-29')), toMonth(toDate('2026-03-29')), toDayOfMonth(toDate('2026-03-29'))",
    f"select min(toDate(timestamp)), max(toDate(timestamp)) {E}",
    f"select toString(timestamp), toString(toDate(timestamp)) {E} {SLICE}",
    f"select timestamp + interval 1 day, timestamp - interval 90 minute {E} {SLICE}",
    "select toDateTime(0), toDate(0)",
    f"select dateDiff('day', min(timestamp), max(timestamp)) {E}",
]

STRINGS = [
    "select lower('ÄBC'), upper('äbc'), length('äbc'), lengthUTF8('äbc'), length('')",
    "select concat('a', 'b'), concat('a', null, 'c'), concat('n', 1, 2.5), concat(1, 2)",
    "select substring('hello', 2, 3), substring('hello', 0, 2), substring('hello', 3), substring('héllo', 2, 2)",
    "select trim('  x  '), trim(''), replaceAll('a-b-c', '-', '+'), replaceRegexpAll('a1b22', '[0-9]+', '#')",
    "select splitByChar(',', 'a,b,,c'), splitByString('::', 'a::b'), splitByChar(',', '')",
    "select position('hello', 'l'), position('hello', 'z'), match('abc', 'b.'), match('abc', '^b')",
    "select extract('abc123def', '[0-9]+'), extract('abc', '[0-9]+'), extract('k=v', 'k=(\\\\w+)')",
    "select startsWith('hello', 'he'), endsWith('hello', 'lo'), startsWith('', 'x')",
    "select empty(''), empty('a'), notEmpty(''), notEmpty('a'), empty([]), notEmpty([1])",
    "select toString(1), toString(1.0), toString(0.1 + 0.2), toString(-2.5), toString(1e20), toString(true)",
    "select toString(null), toString('x'), toString(toDate('2026-03-29'))",
    f"select lower(event), upper(distinct_id), length(event) {E} {SLICE}",
    f"select length(properties.name), lengthUTF8(properties.name) {E} where properties.name is not null {SLICE}",
    f"select concat(event, '-', properties.$browser) {E} {SLICE}",
    f"select substring(distinct_id, 1, 4), count() {E} group by 1 order by 1",
    f"select replaceAll(properties.$current_url, 'https://', '') {E} {SLICE}",
    f"select splitByChar('/', properties.$current_url) {E} {SLICE}",
    f"select position(properties.$current_url, '?') {E} {SLICE}",
    f"select count() {E} where match(properties.$current_url, 'pricing')",
    f"select extract(properties.$current_url, 'utm_source=([a-z]+)') {E} {SLICE}",
    f"select startsWith(properties.$current_url, 'https') {E} {SLICE}",
    f"select trim(properties.name) {E} where properties.name is not null {SLICE}",
    f"select empty(properties.empty), notEmpty(properties.empty), empty(properties.nothing) {E} {SLICE}",
    "select 'a' || 'b', 'x' || null",
    f"select f'{{event}}-{{distinct_id}}' {E} {SLICE}",
    "select replaceRegexpAll('aaa', 'a', 'bb'), replaceAll('', 'a', 'b')",
    "select lower(null), upper(null), length(null)",
]

URLS = [
    f"select domain(properties.$current_url), path(properties.$current_url) {E} {SLICE}",
    f"select extractURLParameter(properties.$current_url, 'utm_source') {E} {SLICE}",
    f"select cutQueryString(properties.$current_url) {E} {SLICE}",
    "select domain('https://www.example.com:8080/a?b=1'), path('https://x.com/a/b?c=1#d'), domain('not a url')",
    "select extractURLParameter('https://x.com/?a=1&b=2', 'b'), extractURLParameter('https://x.com/?a=1', 'z')",
    "select cutQueryString('https://x.com/a?b=1#c'), domain(''), path('')",
    f"select domain(properties.$current_url) as d, count() {E} group by d order by d",
]

ARRAYS = [
    "select has([1, 2], 1), has([1, 2], 3), has(['a'], 'a'), hasAny([1, 2], [2, 3]), hasAll([1, 2], [1])",
    "select indexOf([1, 2, 3], 2), indexOf([1], 5), length([1, 2, 3]), arraySum([1, 2, 3])",
    "select arrayMap(x -> x * 2, [1, 2, 3]), arrayFilter(x -> x > 1, [1, 2, 3])",
    "select arrayExists(x -> x = 2, [1, 2]), arrayExists(x -> x = 5, [1, 2])",
    "select arraySort([3, 1, 2]), arraySort(['b', 'a']), arrayDistinct([1, 1, 2])",
    "select arrayStringConcat(['a', 'b'], ','), arrayStringConcat(['a', 'b'])",
    "select arrayMap((x, y) -> x + y, [1, 2], [10, 20])",
    "select arrayJoin([1, 2, 3]) as x order by x",
    "select arrayJoin(['a', 'b']) as x, 1 order by x",
    f"select splitByChar(',', 'a,b')[1], splitByChar(',', 'a,b')[3] {E} limit 1",
    f"select arrayJoin(splitByChar('/', path(properties.$current_url))) as part, count() {E} group by part "
    "order by part",
    f"select event, x {E} array join [1, 2] as x where event = 'purchase' order by timestamp, x limit 6",
    f"select event, x {E} left array join arrayFilter(x -> 0, [1]) as x where event = 'purchase' "
    "order by timestamp limit 3",
    "select x from (select [1, 2, 3] as arr) array join arr as x order by x",
    "select arr, x from (select [1, 2] as arr) array join arr as x order by x",
    f"select count() {E} where has(['Chrome', 'Safari'], properties.$browser)",
    "select arrayMap(x -> upper(x), splitByChar(',', 'a,b'))",
    "select range(5), range(1, 4)",
    "select arrayConcat([1], [2, 3]), arraySlice([1, 2, 3, 4], 2, 2), arrayReverse([1, 2])",
    "select arrayCount(x -> x > 1, [1, 2, 3]), arrayFirst(x -> x > 1, [1, 2, 3]), arrayMin([3, 1]), arrayMax([3, 1])",
    "select arrayFlatten([[1], [2, 3]]), arrayZip([1, 2], ['a', 'b']), arrayCompact([1, 1, 2, 1])",
    "select arrayAll(x -> x > 0, [1, 2]), arrayReverseSort([1, 3, 2]), arrayUniq([1, 1, 2])",
]

MATH = [
    "select round(2.5), round(3.5), round(-2.5), round(1.2345, 2), round(15, -1)",
    "select floor(2.7), ceil(2.1), floor(-2.5), ceil(-2.5), abs(-3), abs(-3.5)",
    # greatest/least take exactly two arguments in HogQL (posthog/hogql/functions/mapping.py): see math-13.
    "select intDiv(7, 2), intDiv(-7, 2), greatest(1, 3), least(3, 1), greatest(1, 2.5), least(1, -3)",
    "select sqrt(16), pow(2, 10), power(2, 0.5), exp(0), log(1), log2(8), log10(1000)",
    "select trunc(2.7), trunc(-2.7), sign(-5), sign(0), pi() > 3, e() > 2",
    "select 5 % 0.0, intDiv(7, 3) * 3, 1e308 * 10",
    "select round(toFloat(properties.price)) from events where properties.price is not null order by timestamp, uuid "
    "limit 8",
    "select modulo(7, 3), plus(1, 2), minus(1, 2), multiply(2, 3), divide(1, 4)",
    "select equals(1, 1), notEquals(1, 2), less(1, 2), greater(1, 2), lessOrEquals(2, 2), greaterOrEquals(1, 2)",
    "select and(1, 0), or(1, 0), not(1)",
    "select round(0.5), round(1.5), round(2.675, 2), round(-0.5)",
    "select floor(1.23, 1), ceil(1.23, 1), round(123.456, -1)",
    "select greatest(1, 3, 2), least(1, 3, 2)",
]

CONVERSIONS = [
    "select toInt('42'), toInt('3.9'), toInt('abc'), toInt(3.9), toInt(3.0), toInt(null)",
    "select toFloat('1.5'), toFloat('1e3'), toFloat('abc'), toFloat(2), toFloat(null)",
    "select toString(42), toString(-1), toString(1.5), toString(100.0)",
    "select toUUID('00000000-0000-4000-8000-000000000001')",
    "select isNull(null), isNull(1), isNotNull(null), isNotNull(1)",
    "select coalesce(null, 1), coalesce(null, null, 'x'), coalesce(1, 2), ifNull(null, 'd'), ifNull('v', 'd')",
    "select nullIf(1, 1), nullIf(1, 2), nullIf('a', ''), assumeNotNull(1)",
    f"select coalesce(properties.$browser, properties.name, 'none') {E} {SLICE}",
    f"select ifNull(properties.price, '0') {E} {SLICE}",
    f"select nullIf(properties.empty, '') {E} {SLICE}",
    "select toBool(1), toBool(0), toBool('true')",
    "select toDecimal(1.5, 2), toTypeName(1)",
    "select parseDateTimeBestEffort('2026-03-29 01:02:03')",
    f"select toInt(properties.num_str) + 1 {E} {SLICE}",
    f"select toFloat(properties.num_str) {E} {SLICE}",
    "select toDate(toDateTime('2026-03-29 23:30:00')), toDateTime(toDate('2026-03-29'))",
]

JOINS = [
    "select p.id, p.properties.email from persons p order by p.id limit 5",
    "select id, created_at, is_identified from persons order by id limit 5",
    "select * from persons order by id limit 3",
    "select count() from persons",
    "select count() from persons where properties.plan = 'pro'",
    "select properties.plan, count() from persons group by 1 order by 1",
    "select distinct_id, person_id from person_distinct_ids order by distinct_id limit 6",
    "select count() from person_distinct_ids",
    "select index, key, properties.name, properties.employees from groups order by key",
    "select * from groups order by key",
    "select e.event, p.properties.email from events e left join persons p on p.id = e.person_id order by "
    "e.timestamp, e.uuid limit 8",
    "select e.event, p.properties.email from events e inner join persons p on p.id = e.person_id "
    "where p.properties.plan = 'pro' order by e.timestamp, e.uuid limit 8",
    "select count() from events e join person_distinct_ids d on d.distinct_id = e.distinct_id",
    "select e.distinct_id, d.person_id from events e left join person_distinct_ids d on d.distinct_id = "
    "e.distinct_id order by e.timestamp, e.uuid limit 5",
    "select count() from events e left join (select distinct_id, count() as c from events group by distinct_id) s on "
    "s.distinct_id = e.distinct_id where s.c > 15",
    "select a.n, b.n from (select number as n from numbers(3)) a cross join (select number as n from numbers(2)) b "
    "order by a.n, b.n",
    "select a.n, b.m from (select number as n from numbers(4)) a left join (select number as m from numbers(2)) b on "
    "a.n = b.m order by a.n",
    # PostHog's resolver finds a bare `n` in both joined sources ("Ambiguous query. Found multiple sources for field:
    # n", posthog/hogql/resolver_utils.py lookup_field_by_name; USING does not merge them), so the column is named.
    "select a.n from (select number as n from numbers(3)) a join (select number as n from numbers(5)) b using (n) "
    "order by a.n",
    "select e.event, g.properties.name from events e left join groups g on g.key = e.$group_0 order by e.timestamp, "
    "e.uuid limit 6",
    "select count() from events e left join persons p on p.id = e.person_id where p.id is null",
]

SUBQUERIES = [
    f"select event, c from (select event, count() as c {E} group by event) order by c desc, event",
    f"with t as (select event, count() as c {E} group by event) select * from t order by event",
    f"with t as (select distinct_id {E} where event = 'purchase') select count() from t",
    "with a as (select 1 as x), b as (select 2 as y) select x, y from a, b",
    f"select (select count() {E}), (select max(timestamp) {E})",
    f"select count() {E} where distinct_id in (select distinct_id {E} where event = 'purchase')",
    f"select event {E} where timestamp = (select max(timestamp) {E})",
    f"select s.event from (select event, timestamp {E} order by timestamp desc limit 3) s order by s.event",
    f"select d, count() from (select toDate(timestamp) as d {E}) group by d order by d",
    f"select x.b, x.c from (select properties.$browser as b, count() as c {E} group by b) x order by x.c desc, x.b",
    f"select max(c) from (select distinct_id, count() as c {E} group by distinct_id)",
    f"select count() from (select 1 {E} limit 5)",
]

SET_OPERATIONS = [
    "select 1 union all select 2 order by 1",
    "select 1 as x union all select 2 union all select 3",
    "select 1 union distinct select 1",
    "select number from numbers(5) intersect select number from numbers(3, 5)",
    "select number from numbers(5) except select number from numbers(2)",
    f"select event {E} where event = 'purchase' union all select event {E} where event = 'signup' limit 2",
    f"select count() {E} union all select count() from persons",
    "select 'a', 1 union all select 'b', 2.5",
    "select 1 union all select null",
    f"select distinct distinct_id {E} intersect select distinct_id from person_distinct_ids",
]

WINDOWS = [
    f"select event, row_number() over (order by timestamp, uuid) {E} {SLICE}",
    f"select event, rank() over (order by event), dense_rank() over (order by event) {E} {SLICE}",
    f"select distinct_id, timestamp, row_number() over (partition by distinct_id order by timestamp, uuid) as rn {E} "
    "order by distinct_id, rn limit 12",
    f"select event, lag(event) over (order by timestamp, uuid), lead(event) over (order by timestamp, uuid) {E} "
    f"{SLICE}",
    f"select event, lag(timestamp) over (partition by distinct_id order by timestamp, uuid) {E} {SLICE}",
    f"select event, first_value(event) over (order by timestamp, uuid) {E} {SLICE}",
    f"select event, last_value(event) over (order by timestamp, uuid rows between unbounded preceding and unbounded "
    f"following) {E} {SLICE}",
    f"select event, count() over (partition by event) {E} {SLICE}",
    f"select event, sum(1) over (order by timestamp, uuid rows between 2 preceding and current row) {E} {SLICE}",
    "select number, sum(number) over (order by number) from numbers(6)",
    "select number, avg(number) over (order by number rows between 1 preceding and 1 following) from numbers(6)",
    "select number, sum(number) over w, max(number) over w from numbers(5) window w as (order by number)",
    "select number, lagInFrame(number) over (order by number) from numbers(4)",
    "select number, leadInFrame(number, 1) over (order by number rows between unbounded preceding and unbounded "
    "following) from numbers(4)",
    "select number, row_number() over (partition by number % 2 order by number) from numbers(6) order by number",
    "select number, rank() over (order by intDiv(number, 2)) from numbers(6) order by number",
]

LIMITS = [
    f"select event, timestamp {E} order by event, timestamp limit 1 by event",
    f"select event, distinct_id {E} order by event, distinct_id limit 2 by event",
    f"select distinct_id {E} order by timestamp, uuid",
    f"select distinct_id {E} order by timestamp, uuid limit 150",
    f"select event {E} order by timestamp, uuid limit 3 offset 0",
    "select number from numbers(200) order by number",
    "select number from numbers(5) order by number desc limit 2",
    "select number from numbers(10) order by number limit 3 offset 4",
    "select number from numbers(2, 5) order by number",
]

SESSIONS = [
    Case(
        "sess-01",
        f"select session.$session_duration, count() {E} where `$session_id` != '' group by 1 order by 1 limit 5",
        ch="SELECT s.`$session_duration`, count() FROM events LEFT JOIN sessions AS s ON s.session_id = "
        "events.`$session_id` WHERE ifNull(notEquals(events.`$session_id`, ''), 1) GROUP BY 1 ORDER BY 1 ASC LIMIT 5",
    ),
    Case(
        "sess-02",
        "select session_id, $start_timestamp, $end_timestamp, $session_duration from sessions order by session_id "
        "limit 5",
    ),
    Case("sess-03", "select count(), sum($pageview_count), max(duration) from sessions"),
    Case(
        "sess-04",
        "select session_id, $entry_current_url, $exit_current_url from sessions order by session_id limit 5",
    ),
    Case(
        "sess-05",
        f"select event, session.$entry_current_url {E} where `$session_id` = 's3' order by timestamp, uuid",
        ch="SELECT events.event, s.`$entry_current_url` FROM events LEFT JOIN sessions AS s ON s.session_id = "
        "events.`$session_id` WHERE ifNull(equals(events.`$session_id`, 's3'), 0) ORDER BY events.timestamp ASC, "
        "events.uuid ASC LIMIT 101",
    ),
    Case(
        "grp-01",
        f"select group_0.properties.name, count() {E} group by 1 order by 1",
        ch="SELECT hp1(g.properties, 'name'), count() FROM events LEFT JOIN groups AS g ON g.key = events.`$group_0` "
        "AND g.index = 0 GROUP BY 1 ORDER BY 1 ASC LIMIT 101",
    ),
    Case(
        "grp-02",
        f"select `$group_0`, group_0.created_at {E} where `$group_0` != '' order by timestamp, uuid limit 5",
        ch="SELECT events.`$group_0`, g.created_at FROM events LEFT JOIN groups AS g ON g.key = events.`$group_0` "
        "AND g.index = 0 WHERE ifNull(notEquals(events.`$group_0`, ''), 1) ORDER BY events.timestamp ASC, "
        "events.uuid ASC LIMIT 5",
    ),
    Case(
        "sess-06", "select distinct_id, $pageview_count, $autocapture_count from sessions order by session_id limit 5"
    ),
    Case("sess-07", "select count() from sessions where $session_duration > 3600"),
]

# Team timezone Europe/Berlin: DateTimes shown in Berlin time across both DST switches.
BERLIN_QUERIES = [
    f"select timestamp {E} {SLICE}",
    f"select toDate(timestamp) as d, count() {E} where timestamp < '2026-04-01' group by d order by d",
    f"select toStartOfHour(timestamp) as h, count() {E} where toDate(timestamp) = '2026-03-29' group by h order by h",
    f"select toStartOfHour(timestamp) as h, count() {E} where toDate(timestamp) = '2026-10-25' group by h order by h",
    f"select toStartOfDay(timestamp), toHour(timestamp) {E} {SLICE}",
    "select now(), today(), toDateTime('2026-03-29 02:30:00'), toDateTime('2026-10-25 02:30:00')",
    f"select count() {E} where timestamp >= toDateTime('2026-03-29 00:00:00') and timestamp < "
    "toDateTime('2026-03-30 00:00:00')",
    f"select count() {E} where toDate(timestamp) = '2026-10-25'",
    f"select dateDiff('hour', toStartOfDay(timestamp), timestamp) {E} where toDate(timestamp) = '2026-03-29' {SLICE}",
    "select dateDiff('hour', toDateTime('2026-03-29 00:00:00'), toDateTime('2026-03-30 00:00:00'))",
    f"select toStartOfWeek(timestamp), toStartOfMonth(timestamp) {E} {SLICE}",
    f"select min(timestamp), max(timestamp) {E}",
    f"select toString(timestamp) {E} {SLICE}",
    f"select formatDateTime(timestamp, '%Y-%m-%d %H:%i') {E} {SLICE}",
    f"select timestamp + interval 1 day {E} where toDate(timestamp) = '2026-03-28' {SLICE}",
    f"select created_at, person.created_at {E} {SLICE}",
    "select created_at from persons order by id limit 3",
    f"select count() {E} where timestamp > now() - interval 5 day",
    f"select toUnixTimestamp(timestamp) {E} {SLICE}",
    "select toDate('2026-03-29'), toStartOfDay(toDateTime('2026-03-29 12:00:00'))",
    "select toTimeZone(toDateTime('2026-03-29 04:00:00'), 'UTC')",
    f"select min(timestamp), max(timestamp) {E} where event = 'nope'",
    "select session_id, $start_timestamp from sessions order by session_id limit 3",
    f"select toStartOfInterval(timestamp, interval 1 hour) {E} {SLICE}",
]

CASES: list[Case] = [
    *_cases("basic", BASICS),
    *_cases("prop", PROPERTIES),
    *_cases("op", OPERATORS),
    *_cases("agg", AGGREGATES),
    *_cases("date", DATES),
    *_cases("str", STRINGS),
    *_cases("url", URLS),
    *_cases("arr", ARRAYS),
    *_cases("math", MATH),
    *_cases("conv", CONVERSIONS),
    *_cases("join", JOINS),
    *_cases("sub", SUBQUERIES),
    *_cases("set", SET_OPERATIONS),
    *_cases("win", WINDOWS),
    *_cases("limit", LIMITS),
    *SESSIONS,
    *_cases("berlin", BERLIN_QUERIES, tz=BERLIN),
]

# Queries PostHog's grammar rejects; hogmock must reject them too (as a syntax error).
INVALID = [
    "",
    "select",
    "select 1 from",
    "select (1",
    "select 'abc",
    "select 1 where",
    "select * from events where event = ",
    "delete from events",
    "insert into events values (1)",
    "select 1; select 2",
    "drop table events",
    "select 1 order",
    "select 1 limit",
    "select 1 group by",
    "select f(",
    "select 1 +",
    "update events set event = 'x'",
    "select 1 union",
    "with as (select 1) select 1",
    "select [1, 2",
]
