// scripts/check-layers.sh on hand-written `ninja -t deps` listings: each rule
// refuses its violation (naming the object's source and the header) and lets
// the allowed includes through. scripts/test.sh also runs it on the real build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const script = join(dirname(fileURLToPath(import.meta.url)), '../../scripts/check-layers.sh');

// A listing in ninja's format: one object whose first entry is its source.
function object(source, headers) {
  const obj = `CMakeFiles/duxing_x.dir/${source}.o`;
  const lines = [`../${source}`, '/usr/include/stdc-predef.h', ...headers];
  return `${obj}: #deps ${lines.length}, deps mtime 1 (VALID)\n` +
    lines.map((l) => `    ${l}`).join('\n') + '\n\n';
}

function check(...objects) {
  const dir = mkdtempSync(join(tmpdir(), 'check-layers-'));
  try {
    const file = join(dir, 'deps.txt');
    writeFileSync(file, objects.join(''));
    const r = spawnSync(script, ['--deps', file], { encoding: 'utf8' });
    return { status: r.status, out: r.stdout + r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const backbone = ['../src/domain/auth/auth_service.hpp', '../src/domain/auth/principal.hpp',
  '../src/domain/module.hpp', '../src/domain/vocabulary.hpp', '../src/storage/database.hpp'];

test('a build that keeps to the layers passes', () => {
  const r = check(
    object('src/domain/orgs/org.cpp', [...backbone, '../src/domain/audit/audit_log.hpp']),
    object('src/api/orgs/org_routes.cpp',
      [...backbone, '../src/domain/orgs/org.hpp', '/usr/include/boost/json/value.hpp']),
    object('src/api/accounts/account_routes.cpp', [...backbone, '../src/domain/auth/account_service.hpp']),
    object('src/api/system/test_hook_routes.cpp', [...backbone, '../src/domain/communities/community.hpp']),
    object('src/http/server.cpp', ['/usr/include/boost/beast/http.hpp', '/usr/include/boost/asio.hpp']),
    object('src/storage/sqlite/sqlite_database.cpp', ['/usr/include/sqlite3.h']));
  assert.equal(r.out, '');
  assert.equal(r.status, 0);
});

for (const [source, header] of [
  ['src/domain/people/person.cpp', '/usr/include/boost/json/object.hpp'],
  ['src/domain/people/person.cpp', '/usr/include/boost/json.hpp'],
  ['src/domain/orgs/org.cpp', '/usr/include/boost/beast/core.hpp'],
  ['src/domain/orgs/org.cpp', '/usr/include/boost/asio/io_context.hpp'],
  ['src/domain/module.cpp', '/usr/include/sqlite3.h'],
  ['src/domain/auth/auth_service.cpp', '/usr/include/postgresql/libpq-fe.h'],
  ['src/api/router.cpp', '/usr/include/boost/beast/http/message.hpp'],
  ['src/api/people/people_routes.cpp', '/usr/include/boost/asio.hpp'],
  ['src/api/people/people_routes.cpp', '../src/domain/orgs/org.hpp'],
  ['src/api/communities/community_routes.cpp', '../src/domain/auth/account_service.hpp'],
]) {
  test(`${source} may not include ${header}`, () => {
    const r = check(object('src/domain/orgs/org.cpp', backbone), object(source, [...backbone, header]));
    assert.equal(r.status, 1, r.out);
    const rel = header.replace(/^\.\.\/src\//, '');
    assert.match(r.out, new RegExp(`check-layers: ${source} includes \\S*${rel.replace(/[.+]/g, '\\$&')}`));
    assert.equal(r.out.trim().split('\n').length, 1, r.out);
  });
}

test('every violation is named, not only the first', () => {
  const r = check(
    object('src/domain/orgs/org.cpp', ['/usr/include/sqlite3.h']),
    object('src/api/orgs/org_routes.cpp', ['../src/domain/people/person.hpp']));
  assert.equal(r.status, 1);
  assert.match(r.out, /src\/domain\/orgs\/org.cpp includes \/usr\/include\/sqlite3.h/);
  assert.match(r.out, /src\/api\/orgs\/org_routes.cpp includes domain\/people\/person.hpp/);
});

test('a header pulling in many forbidden ones is named once, the outermost', () => {
  const r = check(object('src/domain/people/person.cpp', ['/usr/include/boost/json/value.hpp',
    '/usr/include/boost/json/detail/config.hpp', '/usr/include/boost/json/object.hpp']));
  assert.equal(r.status, 1);
  assert.equal(r.out.trim(), 'check-layers: src/domain/people/person.cpp includes ' +
    '/usr/include/boost/json/value.hpp (no Boost.JSON in the domain)');
});

test('each other module a route file reaches into is named', () => {
  const r = check(object('src/api/people/people_routes.cpp',
    ['../src/domain/people/person.hpp', '../src/domain/orgs/org.hpp', '../src/domain/communities/community.hpp']));
  assert.equal(r.status, 1);
  assert.match(r.out, /people_routes.cpp includes domain\/orgs\/org.hpp \(a service of domain\/orgs\/; routes of people may use domain\/people\//);
  assert.match(r.out, /people_routes.cpp includes domain\/communities\/community.hpp/);
  assert.doesNotMatch(r.out, /person.hpp/);
});
