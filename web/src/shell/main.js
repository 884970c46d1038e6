// The console's entry: the shell (layout, login, router, strings) plus the features listed in
// features/index.js. Each feature brings its routes and its strings; nothing else is wired here.
import { createApp } from 'vue'
import features from '../features'
import App from './App.vue'
import { i18n, addMessages } from './i18n'
import { router } from './router'
import './styles/theme.css'

for (const feature of features) addMessages(feature.messages)

createApp(App).use(i18n).use(router).mount('#app')
