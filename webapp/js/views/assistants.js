// The configured assistants, each with its name and one line about it. Picking one switches everything.

import { h } from '../dom.js';

export class AssistantList {

    constructor(list, onPick) {
        this.list = list;
        this.onPick = onPick;
    }

    show(assistants, current) {
        this.list.replaceChildren(...assistants.map(assistant => h('li', {},
            h('button', {
                type: 'button',
                class: 'assistant',
                'data-assistant': assistant.name,
                'aria-current': assistant.name === current ? 'true' : null,
                onclick: () => this.onPick(assistant.name),
            },
            h('span', { class: 'avatar', 'aria-hidden': 'true' }, initial(assistant)),
            h('span', { class: 'assistant-text' },
                h('span', { class: 'assistant-name' }, displayName(assistant)),
                h('span', { class: 'assistant-description' }, assistant.description ?? ''))))));
    }

    select(name) {
        for (const button of this.list.querySelectorAll('button.assistant')) {
            if (button.dataset.assistant === name) {
                button.setAttribute('aria-current', 'true');
            } else {
                button.removeAttribute('aria-current');
            }
        }
    }
}

export function displayName(assistant) {
    return assistant.display_name || assistant.name;
}

function initial(assistant) {
    return Array.from(displayName(assistant))[0]?.toUpperCase() ?? '?';
}
