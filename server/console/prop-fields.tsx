// A form for a template's props, drawn from the JSON Schema the API describes them with.

export interface PropSchema {
  type?: string | string[];
  enum?: unknown[];
  items?: { enum?: unknown[]; type?: string };
  default?: unknown;
  description?: string;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
}

export interface PropsSchema {
  properties?: Record<string, PropSchema>;
  required?: string[];
}

/** A value as one line of text: lists joined by commas, nothing as a dash. */
export const shown = (value: unknown): string =>
  value === undefined || value === null || value === ''
    ? '—'
    : Array.isArray(value)
      ? value.join(', ')
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);

function Field({
  name,
  schema,
  value,
  onChange,
}: {
  name: string;
  schema: PropSchema;
  value: unknown;
  onChange: (value: unknown) => void;
}) {
  const id = `prop-${name}`;
  const hint = schema.description ? <p className="muted">{schema.description}</p> : null;
  if (schema.enum)
    return (
      <>
        <label htmlFor={id}>{name}</label>
        {hint}
        <select id={id} value={String(value ?? '')} onChange={(event) => onChange(event.target.value)}>
          {schema.enum.map((option) => (
            <option key={String(option)} value={String(option)}>
              {String(option)}
            </option>
          ))}
        </select>
      </>
    );
  if (schema.type === 'array' && schema.items?.enum) {
    const chosen = Array.isArray(value) ? value : [];
    return (
      <fieldset>
        <legend>
          <b>{name}</b>
        </legend>
        {hint}
        <div className="chips">
          {schema.items.enum.map((option) => (
            <label key={String(option)}>
              <input
                type="checkbox"
                checked={chosen.includes(option)}
                onChange={(event) =>
                  onChange(event.target.checked ? [...chosen, option] : chosen.filter((item) => item !== option))
                }
              />
              {String(option)}
            </label>
          ))}
        </div>
      </fieldset>
    );
  }
  if (schema.type === 'boolean')
    return (
      <label>
        <input type="checkbox" checked={value === true} onChange={(event) => onChange(event.target.checked)} /> {name}
      </label>
    );
  const numeric = schema.type === 'number' || schema.type === 'integer';
  return (
    <>
      <label htmlFor={id}>{name}</label>
      {hint}
      <input
        id={id}
        type={numeric ? 'number' : 'text'}
        maxLength={schema.maxLength}
        value={value === undefined || value === null ? '' : String(value)}
        onChange={(event) =>
          onChange(numeric ? (event.target.value === '' ? undefined : Number(event.target.value)) : event.target.value)
        }
      />
    </>
  );
}

/** One field per prop: a choice is a menu, a list of choices is checkboxes, text is a text box. */
export function PropFields({
  schema,
  value,
  onChange,
}: {
  schema: PropsSchema;
  value: Record<string, unknown>;
  onChange: (value: Record<string, unknown>) => void;
}) {
  return (
    <>
      {Object.entries(schema.properties ?? {}).map(([name, prop]) => (
        <Field
          key={name}
          name={name}
          schema={prop}
          value={value[name]}
          onChange={(next) => onChange({ ...value, [name]: next })}
        />
      ))}
    </>
  );
}
