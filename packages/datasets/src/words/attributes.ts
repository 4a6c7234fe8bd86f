/**
 * Likeable attributes for LIMIT-style documents ("… likes Quokkas, Joshua Trees, …"), grouped by
 * category. Hand-written for this package (see the README's provenance section) and checked by
 * `attributes.test.ts`: no duplicates, no attribute whose words (singularised) occur inside another
 * attribute, no " and " or commas (so "A, B, and C" rendering stays unambiguous), and no attribute
 * word that is also a first name or surname.
 */

/** One category of attributes. */
export interface AttributeCategory {
  /** Category name, e.g. `'mammals'`. */
  readonly category: string;
  /** Attributes in display form (Title Case, plural where countable). */
  readonly attributes: readonly string[];
}

function list(packed: string): readonly string[] {
  return Object.freeze(packed.split('|'));
}

/**
 * The attribute lists by category (foods, fruits and vegetables, drinks, mammals, birds, reptiles
 * and sea life, plants, hobbies, sports, music, objects, places, science and ideas).
 *
 * @example
 * ATTRIBUTE_CATEGORIES.map((c) => `${c.category}: ${c.attributes.length}`);
 */
export const ATTRIBUTE_CATEGORIES: readonly AttributeCategory[] = Object.freeze([
  {
    category: 'foods and dishes',
    attributes: list(
      'Lasagna|Ravioli|Gnocchi|Risotto|Paella|Tacos|Burritos|Enchiladas|Quesadillas|Tamales|Nachos|Guacamole|Salsa|' +
      'Hummus|Falafel|Shawarma|Kebabs|Gyros|Baklava|Tiramisu|Cannoli|Gelato|Sorbet|Pancakes|Waffles|Crepes|Croissants|' +
      'Bagels|Pretzels|Muffins|Scones|Brownies|Cupcakes|Cheesecake|Doughnuts|Eclairs|Macarons|Meringues|Fudge|Toffee|' +
      'Marshmallows|Licorice|Truffles|Popcorn|Sushi|Sashimi|Ramen|Udon|Soba|Tempura|Dumplings|Gyoza|Pho|Pad Thai|' +
      'Curry|Biryani|Samosas|Naan|Chapati|Dosa|Idli|Tandoori Chicken|Kimchi|Bibimbap|Bulgogi|Dim Sum|Wontons|' +
      'Chow Mein|Fried Rice|Omelets|Quiche|Souffles|Ratatouille|Bouillabaisse|Cassoulet|Fondue|Raclette|Goulash|' +
      'Pierogi|Borscht|Blini|Schnitzel|Bratwurst|Sauerkraut|Strudel|Spaetzle|Haggis|Crumpets|Shortbread|Trifle|' +
      'Custard|Porridge|Oatmeal|Granola|Muesli|Yogurt|Cheddar|Brie|Camembert|Gouda|Parmesan|Mozzarella|Feta|Ricotta|' +
      'Gorgonzola|Halloumi|Paneer|Tofu|Tempeh|Seitan|Lentils|Chickpeas|Quinoa|Couscous|Bulgur|Polenta|Grits|Cornbread|' +
      'Biscuits|Gravy|Meatloaf|Meatballs|Burgers|Sandwiches|Bruschetta|Focaccia|Ciabatta|Sourdough|Baguettes|Brioche|' +
      'Challah|Pita|Tortillas|Empanadas|Arepas|Ceviche|Churros|Flan|Tres Leches|Mole|Pozole|Chili|Gumbo|Jambalaya|' +
      'Oysters|Mussels|Scallops|Shrimp|Calamari|Anchovies|Sardines|Salmon|Tuna|Trout|Halibut|Cod|Mackerel|Caviar|' +
      'Barbecue|Brisket|Pulled Pork|Spareribs|Steak|Roast Beef|Pot Roast|Stew|Minestrone|Gazpacho|Miso Soup|Tom Yum|' +
      'Laksa|Satay|Rendang|Nasi Goreng|Adobo|Lumpia|Pancit|Poutine|Butter Tarts|Nanaimo Bars|Pavlova|Lamingtons|' +
      'Vegemite|Marmite|Pasties|Kedgeree|Arancini|Carbonara|Pesto|Marinara|Alfredo|Bolognese|Macaroni|Spaghetti|' +
      'Fettuccine|Linguine|Penne|Tortellini|Orzo|Pizza|Calzones|Stromboli|Antipasto|Prosciutto|Salami|Pepperoni|' +
      'Chorizo|Pastrami|Corned Beef|Bacon|Sausages|Ham|Jerky|Pickles|Olives|Capers|Mustard|Ketchup|Mayonnaise|' +
      'Horseradish|Wasabi|Sriracha|Tabasco|Soy Sauce|Teriyaki|Tahini|Chutney|Relish|Jam|Marmalade|Honey|Molasses|' +
      'Nutella|Chocolate|Caramel|Vanilla|Cinnamon|Nutmeg|Cardamom|Saffron|Turmeric|Paprika|Cumin|Oregano|Thyme|' +
      'Rosemary|Cilantro|Parsley|Dill|Tarragon|Chives|Lemongrass|Garlic|Onions|Shallots|Leeks|Scallions|Cloves|' +
      'Allspice|Star Anise|Peppermint|Butterscotch|Pudding|Jelly Beans|Gumdrops|Lollipops|Candy Canes|Gingerbread|' +
      'Fruitcake|Pound Cake|Cheese Puffs|French Fries|Hash Browns|Coleslaw|Caesar Salad|Waldorf Salad|Tabbouleh|' +
      'Fattoush|Dolmas|Moussaka|Spanakopita|Souvlaki|Tzatziki|Pastitsio|Kofta|Tagine|Harissa|Shakshuka|Injera|' +
      'Jollof Rice|Fufu|Plantains|Bobotie|Biltong|Peri Peri|Bao|Mochi|Onigiri|Okonomiyaki|Takoyaki|Yakitori|Katsu|' +
      'Donburi|Natto|Edamame|Seaweed Snacks|Congee|Hot Pot|Kung Pao|Char Siu|Egg Tarts|Mooncakes|Halva|' +
      'Turkish Delight|Kunafa|Lokma|Pastel de Nata|Bacalhau|Feijoada|Brigadeiros|Pao de Queijo|Chimichurri|Alfajores|' +
      'Dulce de Leche|Picanha|Pupusas|Gallo Pinto|Cassava|Yams|Taro|Breadfruit|Popovers|Cobbler|Crumble|Soda Bread|' +
      'Pumpernickel|Rye Bread|Flatbread|Crackers|Rice Cakes|Trail Mix|Peanuts|Almonds|Cashews|Pistachios|Walnuts|' +
      'Pecans|Hazelnuts|Macadamias|Chestnuts|Sesame Seeds|Chia Seeds|Flaxseed',
    ),
  },
  {
    category: 'fruits and vegetables',
    attributes: list(
      'Apples|Bananas|Oranges|Mangoes|Papayas|Pineapples|Strawberries|Blueberries|Raspberries|Blackberries|' +
      'Cranberries|Gooseberries|Elderberries|Cherries|Peaches|Apricots|Nectarines|Plums|Prunes|Grapes|Raisins|Figs|' +
      'Dates|Kiwis|Lemons|Limes|Grapefruit|Tangerines|Mandarins|Kumquats|Pomegranates|Persimmons|Lychees|Rambutans|' +
      'Durians|Jackfruit|Passion Fruit|Guavas|Starfruit|Watermelons|Cantaloupes|Honeydew|Coconuts|Avocados|Quinces|' +
      'Pears|Mulberries|Currants|Tomatoes|Potatoes|Carrots|Beets|Radishes|Turnips|Parsnips|Rutabagas|Celery|Asparagus|' +
      'Artichokes|Broccoli|Cauliflower|Cabbage|Brussels Sprouts|Kale|Spinach|Arugula|Lettuce|Endives|Radicchio|' +
      'Watercress|Chard|Collard Greens|Bok Choy|Cucumbers|Zucchini|Squash|Pumpkins|Eggplants|Bell Peppers|Jalapenos|' +
      'Habaneros|Okra|Peas|Green Beans|Lima Beans|Black Beans|Kidney Beans|Pinto Beans|Corn|Mushrooms|Jicama|Kohlrabi|' +
      'Celeriac|Fennel|Rhubarb|Bean Sprouts|Tomatillos|Nopales|Chayote|Daikon|Lotus Root|Burdock|Salsify|Sunchokes|' +
      'Fiddleheads|Ramps|Morels|Chanterelles|Porcini|Shiitake',
    ),
  },
  {
    category: 'drinks',
    attributes: list(
      'Coffee|Espresso|Cappuccino|Lattes|Mochas|Cold Brew|Tea|Matcha|Chai|Oolong|Rooibos|Chamomile|Yerba Mate|' +
      'Kombucha|Hot Cocoa|Lemonade|Limeade|Orangeade|Ginger Ale|Cola|Cream Soda|Sparkling Water|Smoothies|Milkshakes|' +
      'Horchata|Lassi|Kefir|Buttermilk|Eggnog|Oat Milk|Soy Milk|Wine|Champagne|Prosecco|Beer|Stout|Porter|Lager|' +
      'Pilsner|Sake|Soju|Mead|Whiskey|Bourbon|Scotch|Rum|Gin|Vodka|Tequila|Mezcal|Brandy|Cognac|Vermouth|Sangria|' +
      'Margaritas|Mojitos|Martinis|Daiquiris',
    ),
  },
  {
    category: 'mammals',
    attributes: list(
      'Aardvarks|Alpacas|Anteaters|Antelopes|Armadillos|Baboons|Badgers|Bats|Beavers|Bison|Boars|Bobcats|Bonobos|' +
      'Buffaloes|Camels|Capybaras|Caribou|Cats|Cheetahs|Chimpanzees|Chinchillas|Chipmunks|Cougars|Coyotes|Deer|' +
      'Dingoes|Dogs|Dolphins|Donkeys|Dormice|Elephants|Elk|Ermines|Ferrets|Foxes|Gazelles|Gerbils|Gibbons|Giraffes|' +
      'Gnus|Goats|Gorillas|Guinea Pigs|Hamsters|Hares|Hedgehogs|Hippos|Horses|Hyenas|Ibexes|Impalas|Jackals|Jaguars|' +
      'Kangaroos|Koalas|Lemurs|Leopards|Lions|Llamas|Lynxes|Manatees|Mandrills|Marmosets|Marmots|Meerkats|Minks|' +
      'Mongooses|Moose|Mules|Narwhals|Ocelots|Okapis|Opossums|Orangutans|Orcas|Otters|Pandas|Pangolins|Panthers|' +
      'Platypuses|Porcupines|Porpoises|Possums|Pumas|Quokkas|Rabbits|Raccoons|Reindeer|Rhinos|Seals|Servals|Sheep|' +
      'Shrews|Skunks|Sloths|Squirrels|Tamarins|Tapirs|Tarsiers|Tigers|Walruses|Warthogs|Weasels|Whales|Wildebeest|' +
      'Wolverines|Wolves|Wombats|Yaks|Zebras|Polar Bears|Grizzly Bears|Sun Bears|Tasmanian Devils|Wallabies|Numbats|' +
      'Bandicoots|Echidnas|Aye-Ayes|Lorises|Kinkajous|Coatis|Tayras|Fossas|Civets|Genets|Binturongs|Muntjacs|Chamois|' +
      'Markhors|Takins|Saigas|Gerenuks|Dik-Diks|Klipspringers|Springboks|Kudus|Elands|Oryxes|Addaxes|Bongos|Duikers|' +
      'Hartebeests|Topis|Nilgai|Gaurs|Bantengs|Zebus|Dromedaries|Vicunas|Guanacos|Peccaries|Hyraxes|Aardwolves|' +
      'Caracals|Margays|Kodkods|Jaguarundis|Ringtails|Dugongs',
    ),
  },
  {
    category: 'birds',
    attributes: list(
      'Albatrosses|Bald Eagles|Blackbirds|Bluebirds|Budgies|Buzzards|Canaries|Cardinals|Cassowaries|Chickadees|' +
      'Cockatoos|Condors|Cormorants|Cranes|Crows|Cuckoos|Doves|Ducks|Egrets|Emus|Falcons|Finches|Flamingos|Geese|' +
      'Goldfinches|Goshawks|Grouse|Gulls|Hawks|Herons|Hoopoes|Hornbills|Hummingbirds|Ibises|Jackdaws|Kestrels|' +
      'Kingfishers|Kiwi Birds|Kookaburras|Larks|Lovebirds|Macaws|Magpies|Mallards|Meadowlarks|Mockingbirds|' +
      'Nightingales|Nuthatches|Orioles|Ospreys|Ostriches|Owls|Parakeets|Parrots|Partridges|Peacocks|Pelicans|Penguins|' +
      'Pheasants|Pigeons|Plovers|Puffins|Quails|Ravens|Roadrunners|Sandpipers|Sparrows|Spoonbills|Starlings|Storks|' +
      'Swallows|Swans|Swifts|Terns|Thrushes|Toucans|Turkeys|Vultures|Warblers|Woodpeckers|Wrens|Cockatiels|Lyrebirds|' +
      'Bowerbirds|Shoebills|Secretary Birds|Frigatebirds|Petrels|Shearwaters|Loons|Grebes|Bitterns|Rails|Coots|' +
      'Moorhens|Avocets|Stilts|Curlews|Godwits|Snipes|Woodcocks|Oystercatchers|Auks|Guillemots|Razorbills|Skuas|' +
      'Kittiwakes|Nighthawks|Whippoorwills|Trogons|Quetzals|Motmots|Rollers|Tanagers|Grosbeaks|Buntings|Waxwings|' +
      'Shrikes|Vireos|Kinglets|Titmice|Treecreepers|Dippers|Pipits|Wagtails|Weavers|Sunbirds|Honeyeaters|Lorikeets|' +
      'Rosellas|Galahs|Kakapos|Keas|Takahes|Tuis|Fantails|Drongos|Harpy Eagles|Golden Eagles',
    ),
  },
  {
    category: 'reptiles, amphibians, fish, invertebrates',
    attributes: list(
      'Alligators|Crocodiles|Caimans|Geckos|Iguanas|Chameleons|Monitor Lizards|Skinks|Anoles|Gila Monsters|Tortoises|' +
      'Sea Turtles|Snapping Turtles|Box Turtles|Cobras|Pythons|Boas|Rattlesnakes|Garter Snakes|Vipers|Mambas|' +
      'Anacondas|Tuataras|Frogs|Toads|Newts|Salamanders|Axolotls|Bullfrogs|Caecilians|Sharks|Hammerheads|Stingrays|' +
      'Manta Rays|Seahorses|Clownfish|Goldfish|Koi|Guppies|Bettas|Angelfish|Pufferfish|Swordfish|Marlins|Barracudas|' +
      'Groupers|Snappers|Catfish|Carp|Pike|Perch|Sturgeon|Eels|Lionfish|Parrotfish|Triggerfish|Wrasses|Gobies|' +
      'Blennies|Flounders|Anglerfish|Sunfish|Tetras|Cichlids|Piranhas|Octopuses|Squids|Cuttlefish|Nautiluses|' +
      'Jellyfish|Starfish|Sea Urchins|Corals|Sponges|Lobsters|Crabs|Crayfish|Krill|Barnacles|Snails|Slugs|Clams|' +
      'Butterflies|Moths|Bees|Bumblebees|Wasps|Hornets|Ants|Termites|Beetles|Ladybugs|Fireflies|Dragonflies|' +
      'Damselflies|Grasshoppers|Crickets|Cicadas|Katydids|Mantises|Stick Insects|Spiders|Tarantulas|Scorpions|' +
      'Centipedes|Millipedes|Earthworms|Silkworms|Caterpillars|Swallowtails|Water Striders',
    ),
  },
  {
    category: 'plants, trees, flowers',
    attributes: list(
      'Oaks|Maples|Birches|Willows|Pines|Spruces|Firs|Cedars|Redwoods|Sequoias|Cypresses|Junipers|Elms|Ashes|Beeches|' +
      'Sycamores|Poplars|Aspens|Cottonwoods|Hickories|Magnolias|Dogwoods|Redbuds|Baobabs|Banyans|Acacias|Eucalyptus|' +
      'Mangroves|Palm Trees|Joshua Trees|Bonsai|Bamboo|Ferns|Mosses|Lichens|Cacti|Succulents|Aloe|Agaves|Yuccas|' +
      'Orchids|Tulips|Daffodils|Hyacinths|Crocuses|Lilacs|Peonies|Carnations|Chrysanthemums|Dahlias|Zinnias|Marigolds|' +
      'Sunflowers|Gerbera Daisies|Asters|Cosmos|Petunias|Pansies|Begonias|Geraniums|Hydrangeas|Azaleas|Rhododendrons|' +
      'Camellias|Gardenias|Hibiscus|Bougainvillea|Wisteria|Clematis|Honeysuckle|Lavender|Snapdragons|Foxgloves|' +
      'Delphiniums|Larkspur|Lupines|Hollyhocks|Bluebells|Forget-Me-Nots|Buttercups|Dandelions|Clovers|Thistles|' +
      'Edelweiss|Gladiolus|Amaryllis|Anemones|Ranunculus|Freesias|Calla Lilies|Water Lilies|Lotus Flowers|' +
      'Bird of Paradise|Proteas|Heliconias|Anthuriums|Bromeliads|Venus Flytraps|Pitcher Plants|Sundews|Ivy|' +
      'Philodendrons|Pothos|Monsteras|Rubber Plants|Snake Plants|Peace Lilies|Jade Plants|Air Plants|Tumbleweeds|' +
      'Sagebrush|Heath|Gorse|Bracken|Cattails|Reeds|Papyrus|Rushes|Sedges|Wildflowers|Poinsettias|Mistletoe|Boxwood|' +
      'Hedges|Topiaries|Vineyards|Orchards|Meadows|Prairies|Tundra|Rainforests|Seagrass|Algae|Plankton|Puffballs|' +
      'Toadstools',
    ),
  },
  {
    category: 'hobbies and activities',
    attributes: list(
      'Knitting|Crocheting|Quilting|Sewing|Embroidery|Cross-Stitch|Weaving|Pottery|Ceramics|Sculpting|Woodworking|' +
      'Woodcarving|Whittling|Painting|Watercolors|Sketching|Drawing|Calligraphy|Origami|Scrapbooking|Collage|' +
      'Printmaking|Screen Printing|Photography|Filmmaking|Animation|Stop Motion|Blogging|Journaling|Poetry|' +
      'Storytelling|Creative Writing|Reading|Audiobooks|Podcasts|Sudoku|Rubik\'s Cubes|Chess|Checkers|Backgammon|' +
      'Mahjong|Dominoes|Scrabble|Monopoly|Board Games|Card Games|Poker|Bridge|Solitaire|Tarot|Trivia Nights|' +
      'Escape Rooms|Video Games|Pinball|Tabletop Roleplaying|Cosplay|Magic Tricks|Juggling|Ventriloquism|' +
      'Stand-Up Comedy|Improv|Theater|Opera|Ballet|Musicals|Karaoke|Singing|Whistling|Beatboxing|Songwriting|' +
      'Composing|Birdwatching|Stargazing|Astronomy|Geocaching|Metal Detecting|Rockhounding|Beachcombing|' +
      'Shell Collecting|Coin Collecting|Antiques|Vinyl Records|Comic Books|Manga|Anime|Action Figures|Dollhouses|Lego|' +
      'Kites|Drones|Robotics|Electronics|Coding|Genealogy|Calisthenics|Yoga|Pilates|Meditation|Tai Chi|Qigong|' +
      'Aerobics|Zumba|Weightlifting|Powerlifting|Bodybuilding|Jogging|Hiking|Backpacking|Camping|Glamping|' +
      'Rock Climbing|Bouldering|Mountaineering|Spelunking|Canyoneering|Rappelling|Ziplining|Bungee Jumping|Skydiving|' +
      'Paragliding|Hang Gliding|Hot Air Ballooning|Sailing|Kayaking|Canoeing|Rafting|Paddleboarding|Rowing|Snorkeling|' +
      'Freediving|Surfing|Windsurfing|Kitesurfing|Wakeboarding|Waterskiing|Fishing|Foraging|Gardening|Composting|' +
      'Beekeeping|Birdhouses|Flower Arranging|Terrariums|Aquariums|Baking|Cooking|Grilling|Smoking Meats|Canning|' +
      'Pickling|Fermenting|Cheesemaking|Homebrewing|Winemaking|Food Trucks|Farmers Markets|Flea Markets|' +
      'Thrift Shopping|Garage Sales|Road Trips|Cruises|Sightseeing|Museums|Art Galleries|Zoos|Planetariums|Libraries|' +
      'Bookstores|Picnics|Bonfires|Fireworks|Parades|Carnivals|Festivals|Concerts|Drive-In Movies|Documentaries|' +
      'Film Noir|Westerns|Sitcoms|Reality Shows|Cartoons|Puppetry|Ballroom Dancing|Tango|Line Dancing|Square Dancing|' +
      'Tap Dancing|Breakdancing|Belly Dancing|Flamenco|Irish Dancing|Polka|Waltzing|Volunteering|Mentoring|Debating|' +
      'Public Speaking|Languages|Philosophy|History|Archaeology|Mythology|Folklore|Astrology|Numerology|Feng Shui|' +
      'Interior Design|Architecture|Graffiti|Tattoos|Fashion|Jewelry Making|Soap Making|Leatherworking|Blacksmithing|' +
      'Glassblowing|Stained Glass|Mosaics|Macrame|Tie-Dye|Batik|Felting|Spinning Yarn|Bookbinding|Paper Making|' +
      'Letterpress|Typewriters|Pen Pals|Postcards|Sticker Collecting|Pin Collecting|Trading Cards|Puzzles|' +
      'Brain Teasers|Riddles|Palindromes|Anagrams|Tongue Twisters|Limericks|Haiku|Sonnets|Science Fiction|' +
      'Fantasy Novels|Mystery Novels|Thrillers|Romance Novels|Graphic Novels|Horror Movies|Superhero Movies|' +
      'Space Exploration|Dinosaurs|Volcanoes|Earthquakes|Tornadoes|Thunderstorms|Rainbows|Auroras|Eclipses|' +
      'Meteor Showers|Comets|Sunsets|Sunrises|Snowfall|Fog|Autumn Leaves|Tide Pools|Waterfalls|Geysers|Glaciers|' +
      'Icebergs|Sand Dunes|Caves|Canyons|Cliffs|Fjords|Lagoons|Marshes|Swamps|Bayous|Oases|Islands|Archipelagos|' +
      'Peninsulas|Beaches|Lakes|Ponds|Creeks|Valleys|Plateaus|Mesas|Buttes|Badlands|Steppes|Savannas|Jungles|Forests|' +
      'Woodlands|Moors|Highlands|Mountains|Hills',
    ),
  },
  {
    category: 'sports',
    attributes: list(
      'Soccer|Basketball|Baseball|Softball|Football|Rugby|Lacrosse|Field Hockey|Ice Hockey|Volleyball|Tennis|' +
      'Badminton|Racquetball|Pickleball|Golf|Bowling|Billiards|Darts|Archery|Fencing|Boxing|Kickboxing|Wrestling|Judo|' +
      'Karate|Taekwondo|Kung Fu|Aikido|Jujitsu|Capoeira|Sumo|Gymnastics|Trampolining|Cheerleading|Figure Skating|' +
      'Speed Skating|Ice Dancing|Curling|Skiing|Snowboarding|Biathlon|Bobsledding|Luge|Skeleton Racing|Ski Jumping|' +
      'Snowshoeing|Sledding|Triathlons|Marathons|Sprinting|Hurdles|High Jump|Long Jump|Pole Vaulting|Shot Put|Discus|' +
      'Javelin|Decathlons|Cycling|BMX|Skateboarding|Rollerblading|Parkour|Polo|Equestrian Jumping|Dressage|Rodeos|' +
      'Motocross|Formula One|NASCAR|Rally Driving|Go-Karts|Handball|Dodgeball|Kickball|Croquet|Bocce|Petanque|' +
      'Horseshoes|Cornhole|Shuffleboard|Tug of War|Hurling|Netball|Korfball|Sepak Takraw|Kabaddi|Jai Alai|' +
      'Orienteering|Rock Crawling|Diving|Swimming|Lifesaving|Canoe Slalom|Bodyboarding|Strongman Contests|Crossfit|' +
      'Spinning Classes|Kettlebells|Jump Rope|Hula Hoops|Yo-Yos|Frisbees|Hacky Sacks|Tetherball|Four Square|Hopscotch|' +
      'Marbles|Jacks',
    ),
  },
  {
    category: 'music',
    attributes: list(
      'Jazz|Blues|Rock Music|Punk|Heavy Metal|Grunge|Indie Music|Folk Music|Country Music|Bluegrass|Gospel|Soul Music|' +
      'Funk|Disco|Hip Hop|Rap|Reggae|Ska|Reggaeton|Merengue|Bachata|Cumbia|Bossa Nova|Samba|Fado|Klezmer|Zydeco|' +
      'Cajun Music|Celtic Music|Sea Shanties|Acapella|Choirs|Orchestras|Symphonies|Chamber Music|String Quartets|' +
      'Baroque Music|Classical Music|Operettas|Show Tunes|Film Scores|Lullabies|Nursery Rhymes|Techno|Trance|Dubstep|' +
      'Synthwave|Lo-Fi Beats|Ambient Music|New Age Music|K-Pop|J-Pop|Bollywood Music|Afrobeat|Highlife|Calypso|' +
      'Mariachi|Tejano|Ranchera|Motown|Doo-Wop|Rockabilly|Surf Rock|Psychedelic Rock|Progressive Rock|Glam Rock|Emo|' +
      'Shoegaze|Trip Hop|House Music|Garage Rock|Yodeling|Gregorian Chants|Madrigals|Pianos|Guitars|Violins|Violas|' +
      'Cellos|Double Basses|Harps|Flutes|Piccolos|Clarinets|Oboes|Bassoons|Saxophones|Trumpets|Trombones|French Horns|' +
      'Tubas|Bugles|Harmonicas|Accordions|Bagpipes|Banjos|Mandolins|Ukuleles|Sitars|Tablas|Didgeridoos|Xylophones|' +
      'Marimbas|Vibraphones|Glockenspiels|Drums|Congas|Djembes|Tambourines|Maracas|Castanets|Triangles|Cymbals|Gongs|' +
      'Harpsichords|Pipe Organs|Synthesizers|Theremins|Kalimbas|Ocarinas|Recorders|Panpipes|Lutes|Lyres|Zithers|' +
      'Dulcimers|Balalaikas|Bouzoukis|Shamisens|Kotos|Erhus|Steelpans|Cowbells|Hurdy-Gurdies|Melodicas|Keytars|' +
      'Turntables',
    ),
  },
  {
    category: 'objects, tools, vehicles',
    attributes: list(
      'Umbrellas|Lanterns|Candles|Lamps|Chandeliers|Mirrors|Clocks|Wristwatches|Pocket Watches|Hourglasses|Sundials|' +
      'Compasses|Maps|Globes|Telescopes|Microscopes|Binoculars|Magnifying Glasses|Kaleidoscopes|Prisms|Magnets|' +
      'Batteries|Flashlights|Radios|Record Players|Cassette Tapes|Jukeboxes|Cameras|Polaroids|Projectors|Headphones|' +
      'Speakers|Microphones|Laptops|Tablets|Smartphones|Keyboards|Calculators|Abacuses|Notebooks|Journals|Sketchbooks|' +
      'Pencils|Crayons|Markers|Chalk|Erasers|Rulers|Scissors|Staplers|Paperclips|Envelopes|Stamps|Bookmarks|' +
      'Bookshelves|Desks|Armchairs|Rocking Chairs|Hammocks|Sofas|Beanbags|Cushions|Pillows|Blankets|Quilts|Rugs|' +
      'Carpets|Curtains|Tapestries|Wallpaper|Vases|Teapots|Teacups|Mugs|Thermoses|Kettles|Toasters|Blenders|' +
      'Slow Cookers|Pressure Cookers|Cast Iron Pans|Woks|Skillets|Dutch Ovens|Rolling Pins|Whisks|Spatulas|Ladles|' +
      'Chopsticks|Cutting Boards|Cookie Cutters|Aprons|Oven Mitts|Lunchboxes|Backpacks|Suitcases|Briefcases|Wallets|' +
      'Handbags|Tote Bags|Sunglasses|Spectacles|Hats|Berets|Fedoras|Beanies|Scarves|Gloves|Mittens|Earmuffs|Sweaters|' +
      'Cardigans|Hoodies|Jackets|Raincoats|Trench Coats|Ponchos|Kimonos|Saris|Kilts|Tuxedos|Gowns|Sundresses|Overalls|' +
      'Jeans|Pajamas|Slippers|Sneakers|Sandals|Flip-Flops|Boots|Clogs|Moccasins|Loafers|High Heels|Bow Ties|Neckties|' +
      'Suspenders|Cufflinks|Brooches|Necklaces|Bracelets|Earrings|Anklets|Tiaras|Crowns|Lockets|Charms|Keychains|' +
      'Pocketknives|Hammers|Screwdrivers|Wrenches|Pliers|Chisels|Saws|Drills|Sanders|Lathes|Anvils|Shovels|Rakes|Hoes|' +
      'Wheelbarrows|Watering Cans|Lawnmowers|Pruning Shears|Ladders|Toolboxes|Tape Measures|Levels|Plumb Bobs|Pulleys|' +
      'Levers|Gears|Springs|Bicycles|Tricycles|Unicycles|Tandem Bikes|Scooters|Mopeds|Motorcycles|Sidecars|' +
      'Sports Cars|Convertibles|Vintage Cars|Station Wagons|Pickup Trucks|Fire Trucks|Ambulances|Tractors|Bulldozers|' +
      'Excavators|Forklifts|Trains|Steam Locomotives|Trams|Cable Cars|Monorails|Subways|Buses|Taxis|Rickshaws|' +
      'Gondolas|Sailboats|Yachts|Catamarans|Canoes|Kayaks|Rowboats|Houseboats|Ferries|Tugboats|Submarines|Hovercraft|' +
      'Airplanes|Biplanes|Seaplanes|Gliders|Helicopters|Blimps|Zeppelins|Hot Air Balloons|Rockets|Space Shuttles|' +
      'Satellites|Space Stations|Rovers|Skateboards|Surfboards|Snowboards|Sleds|Toboggans|Ice Skates|Pogo Sticks|' +
      'Trampolines|Swings|Seesaws|Slides|Merry-Go-Rounds|Ferris Wheels|Bumper Cars|Carousels|Teddy Bears|Rag Dolls|' +
      'Marionettes|Spinning Tops|Toy Soldiers|Wind-Up Toys|Music Boxes|Piggy Banks|Dreamcatchers|Wind Chimes|' +
      'Weathervanes|Birdbaths|Fountains|Sprinklers|Scarecrows|Mailboxes|Lampposts|Street Signs|Benches|Gazebos|' +
      'Pergolas|Treehouses|Bunk Beds|Canopy Beds|Futons|Fireplaces|Woodstoves|Chimneys|Skylights|Spiral Staircases|' +
      'Elevators|Escalators|Revolving Doors|Doorbells|Door Knockers|Padlocks|Skeleton Keys|Treasure Chests|Trunks|' +
      'Barrels|Crates|Jars|Bottles|Corks|Seashells|Pebbles|Crystals|Geodes|Meteorites|Fossils|Arrowheads|Diamonds|' +
      'Emeralds|Sapphires|Rubies|Opals|Pearls|Topaz|Garnets|Amethysts|Turquoise|Lapis Lazuli|Obsidian|Quartz|Granite|' +
      'Slate|Sandstone|Limestone|Copper|Bronze|Brass|Pewter|Silver|Gold|Platinum|Titanium|Velvet|Silk|Satin|Linen|' +
      'Cotton|Wool|Cashmere|Tweed|Denim|Corduroy|Flannel|Lace|Leather|Suede|Burlap|Canvas|Parchment|Clay|Porcelain|' +
      'Stoneware|Terracotta|Glassware|Tupperware|Spinning Wheels|Looms|Easels|Palettes|Paintbrushes|Canvases|Frames|' +
      'Posters|Murals|Statues|Busts|Obelisks|Totem Poles|Gargoyles',
    ),
  },
  {
    category: 'places and buildings',
    attributes: list(
      'Lighthouses|Windmills|Castles|Palaces|Cathedrals|Temples|Pagodas|Mosques|Monasteries|Abbeys|Chapels|Shrines|' +
      'Pyramids|Ziggurats|Amphitheaters|Colosseums|Aqueducts|Ruins|Forts|Towers|Skyscrapers|Tunnels|Dams|Canals|' +
      'Harbors|Marinas|Piers|Boardwalks|Promenades|Plazas|Piazzas|Courtyards|Cloisters|Gardens|Greenhouses|' +
      'Conservatories|Arboretums|Barns|Farms|Ranches|Stables|Cottages|Cabins|Chalets|Bungalows|Villas|Mansions|Manors|' +
      'Farmhouses|Igloos|Yurts|Tepees|Tents|Airports|Bus Depots|Observatories|Universities|Schoolhouses|Town Halls|' +
      'Courthouses|Cinemas|Arcades|Ice Rinks|Stadiums|Racetracks|Velodromes|Water Parks|Amusement Parks|Theme Parks|' +
      'Circuses|Fairgrounds|Marketplaces|Bazaars|Souks|Bakeries|Cafes|Diners|Bistros|Tearooms|Pubs|Taverns|Breweries|' +
      'Distilleries|Wineries|Creameries|Delicatessens|Butcher Shops|Fishmongers|Florists|Toy Stores|Candy Shops|' +
      'Pawn Shops|Record Stores|Comic Shops|Hardware Stores|Pet Shops|Laundromats|Barbershops|Spas|Saunas|Bathhouses|' +
      'Hot Tubs|Campgrounds|Trailheads|Ski Resorts|Boardinghouses|Hostels|Inns|Motels|Lodges|Campfires|Rooftops|' +
      'Balconies|Porches|Verandas|Patios|Attics|Basements|Cellars|Pantries|Kitchens|Sunrooms|Chateaus|Plantations|' +
      'Haciendas|Pueblos|Kasbahs|Medinas|Catacombs|Crypts|Labyrinths|Tree Nurseries|Fish Hatcheries|Lumberyards|' +
      'Shipyards|Quarries|Mines|Oil Rigs|Space Centers',
    ),
  },
  {
    category: 'science and ideas',
    attributes: list(
      'Mathematics|Geometry|Algebra|Calculus|Statistics|Probability|Prime Numbers|Fractals|Topology|Cryptography|' +
      'Physics|Chemistry|Biology|Botany|Zoology|Ecology|Geology|Meteorology|Oceanography|Paleontology|Anthropology|' +
      'Sociology|Psychology|Linguistics|Economics|Quantum Mechanics|Relativity|Black Holes|Galaxies|Nebulas|' +
      'Supernovas|Constellations|Planets|Exoplanets|Moons|Asteroids|Robots|Artificial Intelligence|Algorithms|' +
      'Databases|Spreadsheets|Circuit Boards|Microchips|Lasers|Holograms|Solar Panels|Wind Turbines|Electric Cars|' +
      'Steam Engines|Clockwork|Inventions|Patents|Periodic Tables|Mammoths|Trilobites|Ammonites|Crystallography|' +
      'Magnetism|Electricity|Thermodynamics|Optics|Acoustics|Aerodynamics|Hydraulics|Genetics|Microbiology|' +
      'Neuroscience|Immunology|Virology|Nutrition|Forestry|Horticulture|Agriculture|Viticulture|Aquaculture|' +
      'Cartography|Navigation|Semaphore|Morse Code|Braille|Hieroglyphs|Runes|Cuneiform|Sanskrit|Latin|Ancient Greek|' +
      'Esperanto|Etymology|Grammar|Punctuation|Dictionaries|Encyclopedias|Almanacs|Atlases|Newspapers|Magazines|Zines|' +
      'Silent Films|Satire|Parody|Slapstick|Puns|Knock-Knock Jokes|Fables|Legends|Epics|Sagas|Pirates|Knights|Samurai|' +
      'Ninjas|Vikings|Cowboys|Astronauts|Wizards|Dragons|Unicorns|Mermaids|Griffins|Phoenixes|Centaurs|Minotaurs|' +
      'Krakens|Sphinxes|Fairies|Elves|Dwarves|Goblins|Trolls|Ogres|Giants|Vampires|Werewolves|Zombies|Ghosts|Aliens|' +
      'Time Travel|Parallel Universes|Treasure Hunts|Scavenger Hunts|Secret Codes|Spy Novels|Detective Stories|Heists|' +
      'Courtroom Dramas|Medical Dramas|Game Shows|Talk Shows|Travel Shows|Home Makeovers|Car Shows|Air Shows|' +
      'Flower Shows|County Fairs|Science Fairs|Book Fairs|Quiz Bowls|Hackathons|Open Mic Nights|Sing-Alongs|' +
      'Walking Tours|Bike Tours|Food Tours|Brunches|Potlucks|Dinner Parties|Costume Parties|Slumber Parties|' +
      'Block Parties|Bake Sales|Car Washes|Snowball Fights|Snowmen|Sandcastles|Water Balloons|Squirt Guns|' +
      'Bubble Wands|Coloring Books|Paint by Numbers|Connect the Dots|Word Searches|Mad Libs|Charades|Pictionary',
    ),
  },
]);

/**
 * Every attribute, category by category, in a fixed order (the generator shuffles a copy with its
 * seeded RNG, so this order is part of the output's determinism).
 *
 * @example
 * LIKEABLE_ATTRIBUTES.length; // ≥ 1,850
 */
export const LIKEABLE_ATTRIBUTES: readonly string[] = Object.freeze(ATTRIBUTE_CATEGORIES.flatMap((c) => c.attributes));
