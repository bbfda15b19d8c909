/** Big, plain building blocks for the field screens: large targets, an icon beside every word. */

import type { ReactNode } from 'react';
import { Icon, type IconName } from './icons.js';

export { Icon };

export function BigButton({
  icon,
  children,
  onClick,
  kind = 'plain',
  pressed,
  testId,
  disabled,
}: {
  icon?: IconName;
  children: ReactNode;
  onClick: () => void;
  kind?: 'plain' | 'primary' | 'danger';
  pressed?: boolean;
  testId?: string;
  disabled?: boolean;
}) {
  return (
    <button
      type="button"
      className={`f-big f-${kind}${pressed ? ' f-on' : ''}`}
      onClick={onClick}
      aria-pressed={pressed}
      data-testid={testId}
      disabled={disabled}
    >
      {icon ? <Icon name={icon} /> : null}
      <span>{children}</span>
    </button>
  );
}

export function Screen({
  title,
  children,
  back,
}: {
  title: string;
  children?: ReactNode;
  back?: () => void;
}) {
  return (
    <section className="f-screen" aria-labelledby="f-title">
      <div className="f-head">
        {back ? (
          <button type="button" className="f-back" onClick={back} aria-label="←">
            <span aria-hidden="true">←</span>
          </button>
        ) : null}
        <h1 id="f-title" tabIndex={-1}>
          {title}
        </h1>
      </div>
      {children}
    </section>
  );
}

export function Stepper({
  label,
  icon,
  value,
  step,
  onChange,
}: {
  label: string;
  icon: IconName;
  value: number;
  step: number;
  onChange: (v: number) => void;
}) {
  return (
    <fieldset className="f-stepper">
      <legend className="f-visually-hidden">{label}</legend>
      <Icon name={icon} />
      <span className="f-stepper-label" aria-hidden="true">
        {label}
      </span>
      <button
        type="button"
        onClick={() => onChange(Math.max(0, value - step))}
        aria-label={`${label} −${step}`}
      >
        {step > 1 ? `−${step}` : '−'}
      </button>
      <output aria-live="polite">{value}</output>
      <button type="button" onClick={() => onChange(value + step)} aria-label={`${label} +${step}`}>
        {step > 1 ? `+${step}` : '+'}
      </button>
    </fieldset>
  );
}

/** One choice among a few, as big tappable radio buttons (real radios: keyboard and screen readers know them). */
export function Choices<T extends string>({
  label,
  name,
  options,
  value,
  onChange,
}: {
  label: string;
  name: string;
  options: readonly { value: T; text: string }[];
  value: T | '';
  onChange: (v: T) => void;
}) {
  return (
    <fieldset className="f-choices">
      <legend>{label}</legend>
      {options.map((o) => (
        <label key={o.value} className={value === o.value ? 'f-on' : undefined}>
          <input type="radio" name={name} checked={value === o.value} onChange={() => onChange(o.value)} />
          {o.text}
        </label>
      ))}
    </fieldset>
  );
}
