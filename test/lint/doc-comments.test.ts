// Every exported member of src/ says what it is for in a doc comment (/** … */): declarations,
// and the public members of exported classes. Reported as file:line name.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import ts from 'typescript';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap(name => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) {
      return sourceFiles(full);
    }
    return full.endsWith('.ts') && !full.endsWith('.d.ts') ? [full] : [];
  });
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return (
    ts.canHaveModifiers(node) &&
    (ts.getModifiers(node) ?? []).some(m => m.kind === kind)
  );
}

function hasDocComment(node: ts.Node): boolean {
  const docs = (node as { jsDoc?: ts.JSDoc[] }).jsDoc;
  return docs !== undefined && docs.length > 0;
}

/** Exported members of one file without a doc comment. */
function undocumented(file: string): string[] {
  const source = ts.createSourceFile(
    file,
    readFileSync(file, 'utf8'),
    ts.ScriptTarget.Latest,
    true
  );
  const where = (node: ts.Node, name: string) =>
    `src/${path.relative(SRC, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1} ${name}`;
  const missing: string[] = [];
  for (const statement of source.statements) {
    if (!hasModifier(statement, ts.SyntaxKind.ExportKeyword)) {
      continue;
    }
    if (ts.isVariableStatement(statement)) {
      if (!hasDocComment(statement)) {
        const names = statement.declarationList.declarations.map(d =>
          d.name.getText(source)
        );
        missing.push(where(statement, names.join(', ')));
      }
      continue;
    }
    if (
      !(
        ts.isFunctionDeclaration(statement) ||
        ts.isClassDeclaration(statement) ||
        ts.isInterfaceDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement) ||
        ts.isEnumDeclaration(statement)
      ) ||
      !statement.name
    ) {
      continue;
    }
    if (!hasDocComment(statement)) {
      missing.push(where(statement, statement.name.text));
    }
    if (ts.isClassDeclaration(statement)) {
      for (const member of statement.members) {
        const hidden =
          hasModifier(member, ts.SyntaxKind.PrivateKeyword) ||
          hasModifier(member, ts.SyntaxKind.ProtectedKeyword) ||
          ts.isConstructorDeclaration(member) ||
          !member.name ||
          member.name.getText(source).startsWith('_');
        if (!hidden && !hasDocComment(member)) {
          missing.push(
            where(
              member,
              `${statement.name.text}.${member.name!.getText(source)}`
            )
          );
        }
      }
    }
  }
  return missing;
}

describe('doc comments', () => {
  it('document every exported member of src/', () => {
    const missing = sourceFiles(SRC).flatMap(undocumented);
    assert.deepEqual(
      missing,
      [],
      `undocumented exports:\n${missing.join('\n')}`
    );
  });
});
