import type { MappingChoice } from './mapping-choices';
import { useCopy } from './use-copy';

/**
 * One line per prop: where its value comes from (a column, a fixed value, a Liquid expression, or nothing: the
 * template's default), with the API's complaint about it, if any, under it.
 */
export function MappingEditor({
  props,
  required,
  headers,
  choices,
  problems,
  onChange,
}: {
  props: string[];
  required: Set<string>;
  headers: string[];
  choices: Record<string, MappingChoice>;
  problems: Record<string, string>;
  onChange: (prop: string, choice: MappingChoice) => void;
}) {
  const t = useCopy();
  return (
    <div className="scroll">
      <table className="mapping">
        <caption className="visually-hidden">{t('mapping')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('prop')}</th>
            <th scope="col">{t('source')}</th>
            <th scope="col">{t('value')}</th>
          </tr>
        </thead>
        <tbody>
          {props.map((prop) => {
            const choice = choices[prop] ?? { mode: 'none' };
            const problem = problems[`mapping.${prop}`];
            const modeId = `mode-${prop}`;
            const valueId = `value-${prop}`;
            const errorId = `problem-${prop}`;
            const describedBy = problem ? errorId : undefined;
            const setMode = (mode: MappingChoice['mode']) =>
              onChange(
                prop,
                mode === 'column'
                  ? { mode, column: headers[0] ?? '' }
                  : mode === 'fixed'
                    ? { mode, value: '' }
                    : mode === 'expression'
                      ? { mode, expression: choice.mode === 'column' ? `{{ row["${choice.column}"] }}` : '{{  }}' }
                      : { mode },
              );
            return (
              <tr key={prop}>
                <th scope="row">
                  <code>{prop}</code>
                  <div className="muted">{required.has(prop) ? t('required') : t('optional')}</div>
                </th>
                <td>
                  <label className="visually-hidden" htmlFor={modeId}>
                    {`${prop}: ${t('source')}`}
                  </label>
                  <select
                    id={modeId}
                    value={choice.mode}
                    onChange={(event) => setMode(event.target.value as MappingChoice['mode'])}
                  >
                    <option value="column">{t('modeColumn')}</option>
                    <option value="fixed">{t('modeFixed')}</option>
                    <option value="expression">{t('modeExpression')}</option>
                    <option value="none">{t('modeNone')}</option>
                  </select>
                </td>
                <td>
                  <label className="visually-hidden" htmlFor={valueId}>
                    {`${prop}: ${t('value')}`}
                  </label>
                  {choice.mode === 'column' && (
                    <select
                      id={valueId}
                      value={choice.column}
                      aria-describedby={describedBy}
                      onChange={(event) => onChange(prop, { mode: 'column', column: event.target.value })}
                    >
                      {headers.map((header) => (
                        <option key={header} value={header}>
                          {header}
                        </option>
                      ))}
                    </select>
                  )}
                  {choice.mode === 'fixed' && (
                    <input
                      id={valueId}
                      value={choice.value}
                      aria-describedby={describedBy}
                      onChange={(event) => onChange(prop, { mode: 'fixed', value: event.target.value })}
                    />
                  )}
                  {choice.mode === 'expression' && (
                    <input
                      id={valueId}
                      className="code"
                      spellCheck={false}
                      value={choice.expression}
                      aria-describedby={describedBy}
                      onChange={(event) => onChange(prop, { mode: 'expression', expression: event.target.value })}
                    />
                  )}
                  {problem && (
                    <p id={errorId} className="error">
                      {problem}
                    </p>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
