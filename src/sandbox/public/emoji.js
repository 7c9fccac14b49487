/* global document */
// Emoji shortcodes → characters: the ones Call Buddy and everyday Slack messages use.
// (node-emoji is not installed; this short list keeps the page dependency-free.)
export const EMOJI = {
  '+1': '👍', '-1': '👎', '100': '💯', 'thumbsup': '👍', 'thumbsdown': '👎', 'ok_hand': '👌', 'clap': '👏', 'raised_hands': '🙌',
  'pray': '🙏', 'muscle': '💪', 'wave': '👋', 'handshake': '🤝', 'point_right': '👉', 'point_down': '👇', 'writing_hand': '✍️',
  'smile': '😄', 'smiley': '😃', 'grinning': '😀', 'slightly_smiling_face': '🙂', 'blush': '😊', 'wink': '😉', 'joy': '😂',
  'thinking_face': '🤔', 'eyes': '👀', 'partying_face': '🥳', 'sunglasses': '😎', 'hugging_face': '🤗', 'star-struck': '🤩',
  'zipper_mouth_face': '🤐', 'shushing_face': '🤫', 'sleeping': '😴', 'sweat_smile': '😅', 'relieved': '😌', 'nerd_face': '🤓',
  'tada': '🎉', 'confetti_ball': '🎊', 'sparkles': '✨', 'star': '⭐', 'star2': '🌟', 'dizzy': '💫', 'fire': '🔥', 'zap': '⚡',
  'rocket': '🚀', 'trophy': '🏆', 'medal': '🏅', 'sports_medal': '🏅', 'first_place_medal': '🥇', 'second_place_medal': '🥈',
  'third_place_medal': '🥉', 'crown': '👑', 'gem': '💎', 'dart': '🎯', 'gift': '🎁', 'birthday': '🎂', 'balloon': '🎈',
  'telephone_receiver': '📞', 'telephone': '☎️', 'phone': '☎️', 'calling': '📲', 'iphone': '📱', 'mobile_phone': '📱',
  'speech_balloon': '💬', 'thought_balloon': '💭', 'envelope': '✉️', 'email': '📧', 'incoming_envelope': '📨', 'mailbox': '📫',
  'mailbox_with_mail': '📬', 'memo': '📝', 'pencil': '📝', 'pencil2': '✏️', 'clipboard': '📋', 'notebook': '📓', 'books': '📚',
  'bookmark': '🔖', 'pushpin': '📌', 'round_pushpin': '📍', 'paperclip': '📎', 'link': '🔗', 'lock': '🔒', 'key': '🔑',
  'calendar': '📆', 'date': '📅', 'spiral_calendar_pad': '🗓️', 'spiral_calendar': '🗓️', 'alarm_clock': '⏰', 'clock1': '🕐',
  'clock9': '🕘', 'clock4': '🕓', 'stopwatch': '⏱️', 'timer_clock': '⏲️', 'hourglass': '⌛', 'hourglass_flowing_sand': '⏳',
  'bell': '🔔', 'no_bell': '🔕', 'loudspeaker': '📢', 'mega': '📣', 'bulb': '💡', 'mag': '🔍', 'crystal_ball': '🔮', 'compass': '🧭',
  'chart_with_upwards_trend': '📈', 'chart_with_downwards_trend': '📉', 'bar_chart': '📊', 'briefcase': '💼', 'mortar_board': '🎓',
  'coffee': '☕', 'tea': '🍵', 'seedling': '🌱', 'herb': '🌿', 'deciduous_tree': '🌳', 'sunny': '☀️', 'sunrise': '🌅',
  'rainbow': '🌈', 'mountain': '⛰️', 'earth_americas': '🌎', 'earth_africa': '🌍', 'globe_with_meridians': '🌐', 'runner': '🏃',
  'walking': '🚶', 'bust_in_silhouette': '👤', 'busts_in_silhouette': '👥', 'people_holding_hands': '🧑‍🤝‍🧑', 'family': '👪',
  'raising_hand': '🙋', 'man_raising_hand': '🙋‍♂️', 'woman_raising_hand': '🙋‍♀️', 'heart': '❤️', 'green_heart': '💚',
  'blue_heart': '💙', 'purple_heart': '💜', 'yellow_heart': '💛', 'orange_heart': '🧡', 'sparkling_heart': '💖',
  'white_check_mark': '✅', 'heavy_check_mark': '✔️', 'ballot_box_with_check': '☑️', 'x': '❌', 'heavy_multiplication_x': '✖️',
  'negative_squared_cross_mark': '❎', 'warning': '⚠️', 'no_entry': '⛔', 'no_entry_sign': '🚫', 'exclamation': '❗',
  'question': '❓', 'grey_question': '❔', 'information_source': 'ℹ️', 'heavy_plus_sign': '➕', 'heavy_minus_sign': '➖',
  'arrow_right': '➡️', 'arrow_left': '⬅️', 'arrow_up': '⬆️', 'arrow_down': '⬇️', 'arrow_forward': '▶️', 'arrow_backward': '◀️',
  'arrows_counterclockwise': '🔄', 'repeat': '🔁', 'leftwards_arrow_with_hook': '↩️', 'fast_forward': '⏩', 'pause_button': '⏸️',
  'play_button': '▶️', 'black_right_pointing_double_triangle_with_vertical_bar': '⏭️', 'next_track_button': '⏭️',
  'new': '🆕', 'soon': '🔜', 'top': '🔝', 'sos': '🆘', 'ok': '🆗', 'cool': '🆒', 'free': '🆓',
  'large_green_circle': '🟢', 'green_circle': '🟢', 'large_yellow_circle': '🟡', 'yellow_circle': '🟡', 'red_circle': '🔴',
  'large_blue_circle': '🔵', 'large_orange_circle': '🟠', 'white_circle': '⚪', 'black_circle': '⚫', 'radio_button': '🔘',
  'large_green_square': '🟩', 'green_square': '🟩', 'large_yellow_square': '🟨', 'large_orange_square': '🟧', 'large_red_square': '🟥',
  'white_large_square': '⬜', 'black_large_square': '⬛', 'white_square_button': '🔳', 'small_blue_diamond': '🔹',
  'small_orange_diamond': '🔸', 'large_blue_diamond': '🔷', 'small_red_triangle': '🔺', 'beginner': '🔰', 'recycle': '♻️',
  'one': '1️⃣', 'two': '2️⃣', 'three': '3️⃣', 'four': '4️⃣', 'five': '5️⃣', 'zero': '0️⃣', 'hash': '#️⃣',
  'robot_face': '🤖', 'ghost': '👻', 'see_no_evil': '🙈', 'moneybag': '💰', 'money_with_wings': '💸', 'handbag': '👜',
  'house': '🏠', 'office': '🏢', 'hammer_and_wrench': '🛠️', 'gear': '⚙️', 'wrench': '🔧', 'toolbox': '🧰', 'shield': '🛡️',
  'beach_with_umbrella': '🏖️', 'palm_tree': '🌴', 'airplane': '✈️', 'sleeping_accommodation': '🛌', 'zzz': '💤',
  'open_hands': '👐', 'left_speech_bubble': '🗨️', 'speaking_head_in_silhouette': '🗣️', 'speaking_head': '🗣️',
  'studio_microphone': '🎙️', 'headphones': '🎧', 'vibration_mode': '📳', 'pager': '📟', 'fax': '📠', 'inbox_tray': '📥',
  'outbox_tray': '📤', 'package': '📦', 'card_index': '📇', 'card_index_dividers': '🗂️', 'file_folder': '📁',
  'chart': '💹', 'ledger': '📒', 'scroll': '📜', 'page_facing_up': '📄', 'bookmark_tabs': '📑', 'label': '🏷️',
  'checkered_flag': '🏁', 'triangular_flag_on_post': '🚩', 'flags': '🎏', 'calendar_spiral': '🗓️', 'mailbox_closed': '📪',
  'door': '🚪', 'face_with_head_bandage': '🤕', 'owl': '🦉', 'sunflower': '🌻', 'double_vertical_bar': '⏸️',
  'large_blue_square': '🟦', 'blue_square': '🟦', 'large_purple_square': '🟪', 'large_brown_square': '🟫',
  'slightly_frowning_face': '🙁', 'disappointed': '😞', 'confused': '😕', 'grimacing': '😬', 'wave_tone1': '👋',
};

/**
 * Whether this browser can draw colour emoji (a machine without an emoji font draws empty boxes;
 * then shortcodes are shown as text). Node (tests) counts as yes.
 */
export const colorEmoji = (() => {
  if (typeof document === 'undefined') return true;
  try {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 24;
    const ctx = canvas.getContext('2d');
    ctx.textBaseline = 'top';
    ctx.font = '18px sans-serif';
    ctx.fillText('\u{1F389}', 0, 0);
    const d = ctx.getImageData(0, 0, 24, 24).data;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] > 0 && (Math.abs(d[i] - d[i + 1]) > 24 || Math.abs(d[i + 1] - d[i + 2]) > 24)) return true;
    }
    return false;
  } catch {
    return true;
  }
})();

export function emojify(shortcode) {
  const name = shortcode.replace(/::skin-tone-\d$/, '');
  return Object.prototype.hasOwnProperty.call(EMOJI, name) ? EMOJI[name] : null;
}
